package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.embedded.LocalSpark;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Listener-shaped batch posts through the API with a listener token, decided by the scaling loop in
 * the real worker, acted on a moto Auto Scaling Group; the master's alive workers come from a real
 * Spark master.
 */
@Tag("spark")
class ScalingEndToEndIT {

  private static final String ADMIN = "scaling-admin-0123456789";
  private static final String LISTENER = "scaling-listener-0123456789";
  private static LocalSpark spark;
  private static String base;
  private static AutoScalingClient asg;
  private static String group;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "scaling-e2e",
          LogwiseStack.ADMIN_AND_ACME_LISTENER
              + """
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, masterWebPort: ${WEB}, restPort: ${REST}, masterPort: ${MASTER}, enabled: false}
              fleet: {type: asg, asg: {name: "${GROUP}", region: us-east-1, endpoint: "${S3}"}}
              kafka: {bootstrapServers: '127.0.0.1:9092'}
              objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          """,
          ScalingEndToEndIT::prepare);

  /** A real Spark master and worker, a bucket with a WAL, and an Auto Scaling Group in moto. */
  private static Map<String, String> prepare(LogwiseStack stack) throws Exception {
    spark = stack.closeLater(MotoAws.spark("scaling"));
    String bucket = "scaling-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = MotoAws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putObject(
          b -> b.bucket(bucket).key("logs/_spark_metadata/56"), RequestBody.fromString("v1"));
      s3.putObject(
          b -> b.bucket(bucket).key("logs/_spark_metadata/57"), RequestBody.fromString("v1"));
    }
    asg = stack.closeLater(MotoAws.autoScaling());
    group = MotoAws.newGroup(asg, "workers");
    Map<String, String> vars = new java.util.HashMap<>(MotoAws.sparkPorts(spark));
    vars.putAll(Map.of("ADMIN", ADMIN, "LISTENER", LISTENER, "GROUP", group, "BUCKET", bucket));
    return vars;
  }

  @BeforeAll
  static void names() {
    base = stack.base();
  }

  private static String batch(int i, long inputRecords) {
    long t = 1_700_000_000_000L + i * 60_000L;
    return String.format(
        "{\"batchId\":\"q1-%d\",\"inputRecords\":%d,\"outputBytes\":1000,\"submissionTime\":%d,\"completionTime\":%d,\"coresUsed\":2,\"status\":\"succeeded\",\"kafkaLag\":120}",
        i, inputRecords, t, t + 20_000);
  }

  @Test
  void listenerBatchesScaleTheAsgAndTheDecisionIsVisible() throws Exception {
    long[] ir = {2_000_000, 2_500_000, 3_000_000, 3_500_000, 4_000_000};
    for (int i = 0; i < ir.length; i++) {
      Http.Reply r =
          Http.send("POST", base + "/api/v1/tenants/acme/batches", LISTENER, null, batch(i, ir[i]));
      assertThat(r.status()).isEqualTo(202);
      assertThat(r.body().get("duplicate").asBoolean()).isFalse();
    }
    Http.Reply again =
        Http.send("POST", base + "/api/v1/tenants/acme/batches", LISTENER, null, batch(4, ir[4]));
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body().get("duplicate").asBoolean()).isTrue();

    JsonNode decisions = null;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      decisions =
          Http.send("GET", base + "/api/v1/tenants/acme/scaling/decisions", ADMIN, null, null)
              .body();
      if (decisions.size() >= 5) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(decisions).hasSize(5);
    JsonNode last = decisions.get(0);
    assertThat(last.get("action").asText()).isEqualTo("UPSCALE");
    assertThat(last.get("actualWorkers").asInt()).isEqualTo(1); // the real master's alive workers
    assertThat(last.get("targetWorkers").asInt()).isEqualTo(7);
    assertThat(last.get("outcome").asText()).isEqualTo("desired 7");
    assertThat(
            asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group))
                .autoScalingGroups()
                .get(0)
                .desiredCapacity())
        .isEqualTo(7);
  }

  @Test
  void listenerTokensOnlyReportAndBadBatchesAreRejected() {
    assertThat(
            Http.send("GET", base + "/api/v1/tenants/acme/scaling/decisions", LISTENER, null, null)
                .status())
        .isEqualTo(403);
    assertThat(
            Http.send("PUT", base + "/api/v1/tenants/acme/scaling/override", LISTENER, null, "{}")
                .status())
        .isEqualTo(403);
    assertThat(
            Http.send("POST", base + "/api/v1/tenants/globex/batches", LISTENER, null, batch(9, 1))
                .status())
        .isEqualTo(403);

    int before =
        Http.send("GET", base + "/spark-stage-history?limit=1000", ADMIN, "acme", null)
            .body()
            .size();
    Http.Reply backwards =
        Http.send(
            "POST",
            base + "/api/v1/tenants/acme/batches",
            LISTENER,
            null,
            "{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":2000,\"completionTime\":1000,\"status\":\"succeeded\"}");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.body().at("/error/message").asText()).contains("before submissionTime");
    Http.Reply negative =
        Http.send(
            "POST",
            base + "/scale-spark-cluster",
            LISTENER,
            "acme",
            "{\"sparkStageHistory\":{\"inputRecords\":-5,\"outputBytes\":1,\"submissionTime\":1,\"completionTime\":2,\"status\":\"succeeded\"}}");
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.body().at("/error/message").asText()).contains("inputRecords");
    Http.Reply missing =
        Http.send(
            "POST", base + "/scale-spark-cluster", LISTENER, "acme", "{\"enableUpScale\":true}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(
            Http.send("GET", base + "/spark-stage-history?limit=1000", ADMIN, "acme", null)
                .body()
                .size())
        .isEqualTo(before);
  }

  @Test
  void overridesArePersistedAndClearedThroughTheApi() {
    Http.Reply set =
        Http.send(
            "PUT",
            base + "/api/v1/tenants/acme/scaling/override",
            ADMIN,
            null,
            "{\"enableDownScale\":false}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().get("enableDownScale").asBoolean()).isFalse();
    Http.Reply cleared =
        Http.send(
            "POST",
            base + "/update-spark-scale-override",
            ADMIN,
            "acme",
            "{\"enableUpScale\":null,\"enableDownScale\":null}");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.body().get("enableDownScale").isNull()).isTrue();
  }
}
