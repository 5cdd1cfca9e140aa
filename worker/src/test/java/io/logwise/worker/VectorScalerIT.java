package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.activities.vector.StandInVector;
import io.logwise.embedded.LocalPrometheus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * The Vector scaler through the real worker and API: a real Prometheus scraping a stand-in Vector
 * whose Kafka buffer holds 1,500 requests, an Auto Scaling Group of Vector instances in moto. The
 * first minute's decision adds an instance (more than 1,000 pending) and the group grows; the state
 * and decisions are read through the API; a tenant without Vector scaling answers 409.
 */
class VectorScalerIT {

  private static final String ADMIN = "vector-admin-0123456789abcdef";
  private static StandInVector vector;
  private static AutoScalingClient asg;
  private static String group;
  private static String group2;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "vector-scaler",
          """
          auth:
            tokens:
              - {name: ops, token: "${ADMIN}", scopes: [admin]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092", enablePartitionScaling: false}
              objectStore: {bucket: vector-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              vector:
                scaling:
                  enabled: true
                  prometheusUrl: "${PROMETHEUS}"
                  cpuQuery: '1 - avg by (instance) (rate(host_cpu_seconds_total{mode="idle"}[5s]))'
                  fleet: {type: asg, asg: {name: "${GROUP}", region: us-east-1, endpoint: "${S3}"}}
                  minInstances: 1
                  maxInstances: 4
            - name: initech
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092", enablePartitionScaling: false}
              objectStore: {bucket: vector-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              vector:
                scaling:
                  enabled: true
                  exporters: ["http://${EXPORTER}/metrics"]
                  fleet: {type: asg, asg: {name: "${GROUP2}", region: us-east-1, endpoint: "${S3}"}}
                  minInstances: 1
                  maxInstances: 4
            - name: globex
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092", enablePartitionScaling: false}
              objectStore: {bucket: vector-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          """,
          VectorScalerIT::prepare);

  /** Prometheus already holds the stand-in's series when the worker takes its first look. */
  private static Map<String, String> prepare(LogwiseStack stack) throws Exception {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    vector = stack.closeLater(new StandInVector(0.5, 2_000));
    vector.bufferEvents = 1_500;
    LocalPrometheus prometheus =
        stack.closeLater(
            LocalPrometheus.start(
                Path.of(
                    "target", "prometheus-vector-" + UUID.randomUUID().toString().substring(0, 6)),
                List.of(vector.target())));
    URI query =
        prometheus
            .endpoint()
            .resolve(
                "/api/v1/query?query="
                    + URLEncoder.encode("vector_buffer_events", StandardCharsets.UTF_8));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Http.send("GET", query.toString(), null, null, null)
        .body()
        .toString()
        .contains("1500")) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("Prometheus did not scrape the stand-in Vector");
      }
      Thread.sleep(300);
    }
    asg = stack.closeLater(MotoAws.autoScaling());
    group = MotoAws.newGroup(asg, "vector");
    group2 = MotoAws.newGroup(asg, "vector-scraped");
    return Map.of(
        "ADMIN", ADMIN,
        "PROMETHEUS", prometheus.endpoint().toString(),
        "GROUP", group,
        "GROUP2", group2,
        "EXPORTER", vector.target());
  }

  private static int desired() {
    return desired(group);
  }

  private static int desired(String group) {
    return asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group))
        .autoScalingGroups()
        .get(0)
        .desiredCapacity();
  }

  @Test
  void manyPendingRequestsAddAnInstanceAndTheApiShowsWhy() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (desired() < 2 && System.nanoTime() < until) {
      Thread.sleep(500);
    }
    assertThat(desired()).as("one Vector instance added").isEqualTo(2);

    JsonNode state =
        Http.send("GET", stack.base() + "/api/v1/tenants/acme/vector", ADMIN, null, null).body();
    assertThat(state.get("tenant").asText()).isEqualTo("acme");
    JsonNode decisions =
        Http.send("GET", stack.base() + "/api/v1/tenants/acme/vector/decisions", ADMIN, null, null)
            .body();
    JsonNode up = decisions.get(0);
    assertThat(up.get("why").asText()).isEqualTo("PENDING_HIGH");
    assertThat(up.get("reason").asText()).contains("1500 pending requests");
    assertThat(up.get("outcome").asText()).isEqualTo("instances 2");
    assertThat(up.at("/sample/pendingRequests").asDouble()).isEqualTo(1500);
    assertThat(up.at("/sample/logsInPerSecond").isNumber()).isTrue();

    // the same stand-in scraped directly, no Prometheus: the decision is the same
    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (desired(group2) < 2 && System.nanoTime() < until) {
      Thread.sleep(500);
    }
    assertThat(desired(group2)).as("scraped: one Vector instance added").isEqualTo(2);
    JsonNode scraped =
        Http.send(
                "GET", stack.base() + "/api/v1/tenants/initech/vector/decisions", ADMIN, null, null)
            .body()
            .get(0);
    assertThat(scraped.get("why").asText()).isEqualTo("PENDING_HIGH");
    assertThat(scraped.at("/sample/instances").asInt()).isEqualTo(1);

    Http.Reply off =
        Http.send("GET", stack.base() + "/api/v1/tenants/globex/vector", ADMIN, null, null);
    assertThat(off.status()).isEqualTo(409);
    assertThat(off.body().at("/error/code").asText()).isEqualTo("VECTOR_SCALING_DISABLED");
  }
}
