package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.activities.spark.TestDriverJar;
import io.logwise.embedded.LocalSpark;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 12's fault suite, part one: the worker — its own process, {@code java -jar logwise.jar
 * worker} — dies as with {@code kill -9} right after each side-effecting activity did its work and
 * before Temporal heard of it ({@code LOGWISE_FAULT_HALT_AFTER}); a fresh worker carries on, and
 * the effect, counted in the real part it touched, happened exactly once. Real Spark master and
 * worker, moto's S3 and Auto Scaling, MariaDB, Temporal's test server over gRPC; the API in this
 * JVM. The steps build on each other (one driver, then its restarts), so they run in order.
 *
 * <p>Recovery takes as long as the activity's timeout: Temporal learns of the dead worker only when
 * the attempt times out (submit 60 s, scale 60 s, override 30 s; kill, lifecycle and the state
 * reset heartbeat, 20-60 s).
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

  private static final String ADMIN = "fault-admin-0123456789abcdef";
  private static final String LISTENER = "fault-listener-0123456789abcdef";
  private static final String SUPERVISOR = "spark-supervisor/acme";
  private static final String LOOP = "scaling-loop/acme";
  private static final String RETENTION = "retention-sync/acme";
  private static LocalSpark spark;
  private static AutoScalingClient asg;
  private static S3Client s3;
  private static String group;
  private static String bucket;

  /** What the suite counted, printed at the end as "N of N". */
  private static final List<String> exactlyOnce = new ArrayList<>();

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
              "faults",
              LogwiseStack.ADMIN_AND_ACME_LISTENER
                  + """
              tenants:
                - name: acme
                  spark: {masterHost: 127.0.0.1, masterWebPort: ${WEB}, restPort: ${REST}, masterPort: ${MASTER}, jarPath: 'file:${JAR}', mainClass: io.logwise.testdriver.LongRunningDriver,
                          clientSparkVersion: '4.2.0', driverMemory: 512m, executorMemory: 512m, pollInterval: 2s, submitGrace: 20s, restartBackoff: 2s, restartBackoffCap: 10s}
                  fleet: {type: asg, asg: {name: "${GROUP}", region: us-east-1, endpoint: "${S3}"}}
                  kafka: {bootstrapServers: '127.0.0.1:9092'}
                  objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
                  retention: {defaultDays: 3, environmentDays: {prod: 30}}
              """,
              FaultSuiteIT::prepare)
          .workerAsProcess()
          // a call waits out the crash and the retry, so its caller gets the answer
          .tuneTemporal(t -> t.setUpdateTimeout(io.dropwizard.util.Duration.seconds(150)));

  private static Map<String, String> prepare(LogwiseStack stack) throws Exception {
    spark = stack.closeLater(MotoAws.spark("faults"));
    s3 = stack.closeLater(MotoAws.s3());
    bucket = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(bucket));
    for (String key :
        List.of(
            "logs/service_name=cart/year=2026/month=11/day=30/hour=10/minute=00/part-0.parquet",
            "logs/env=prod/service_name=checkout/year=2026/month=11/day=30/hour=10/minute=00/part-0.parquet",
            "logs/_spark_metadata/56",
            "logs/_spark_metadata/57")) {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
    }
    asg = stack.closeLater(MotoAws.autoScaling());
    group = MotoAws.newGroup(asg, "fault-workers");
    return Map.of(
        "ADMIN",
        ADMIN,
        "LISTENER",
        LISTENER,
        "WEB",
        String.valueOf(spark.webPort()),
        "REST",
        String.valueOf(spark.restPort()),
        "MASTER",
        String.valueOf(spark.masterPort()),
        "JAR",
        TestDriverJar.build().toAbsolutePath().toString(),
        "GROUP",
        group,
        "BUCKET",
        bucket);
  }

  // ---- the crash -------------------------------------------------------------------------

  /**
   * Replaces the running worker by one that halts after {@code activity} of {@code workflowId},
   * runs {@code trigger}, waits for the halt, and starts a plain worker again.
   */
  private static void crashAfter(String activity, String workflowId, Runnable trigger)
      throws Exception {
    stack.killWorker();
    Process doomed =
        stack.startWorkerProcess(Map.of("LOGWISE_FAULT_HALT_AFTER", activity + "@" + workflowId));
    trigger.run();
    assertThat(doomed.waitFor(240, TimeUnit.SECONDS))
        .as("the worker halted after %s of %s", activity, workflowId)
        .isTrue();
    assertThat(doomed.exitValue()).as("halted as kill -9 would leave it").isEqualTo(137);
    stack.startWorker();
  }

  private static CompletableFuture<Http.Reply> inBackground(
      String method, String path, String body) {
    return CompletableFuture.supplyAsync(
        () ->
            Http.send(
                method, stack.base() + path, ADMIN, null, body, java.time.Duration.ofSeconds(200)));
  }

  private static JsonNode supervisor() {
    return Http.send("GET", stack.base() + "/api/v1/tenants/acme/spark", ADMIN, null, null).body();
  }

  private static JsonNode await(
      String what, java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> done)
      throws InterruptedException {
    return TestSteps.await(what, read, done, 240);
  }

  /** Every driver the real master ever had: {@code [id, state]}. */
  private static List<String[]> drivers() {
    return TestSteps.drivers(spark.webPort());
  }

  private static long activeDrivers() {
    return TestSteps.activeDrivers(spark.webPort());
  }

  private static int count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "logwise", "logwise");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void once(String what) {
    exactlyOnce.add(what);
    System.out.printf("fault suite: %s — exactly once (%d of %d)%n", what, exactlyOnce.size(), 6);
  }

  // ---- the steps -------------------------------------------------------------------------

  @Test
  @Order(1)
  void submitDriver() throws Exception {
    JsonNode first =
        await(
            "the first driver",
            FaultSuiteIT::supervisor,
            s -> "RUNNING".equals(s.path("driverState").asText()));
    String old = first.get("submissionId").asText();
    crashAfter(
        "SubmitDriver",
        SUPERVISOR,
        () -> {
          // the driver dies on its own; the supervisor resubmits, and its worker dies right after
          Http.Reply killed =
              Http.send(
                  "POST",
                  "http://127.0.0.1:" + spark.restPort() + "/v1/submissions/kill/" + old,
                  null,
                  null,
                  "");
          assertThat(killed.status()).isEqualTo(200);
        });
    JsonNode after =
        await(
            "a new driver running",
            FaultSuiteIT::supervisor,
            s ->
                "RUNNING".equals(s.path("driverState").asText())
                    && !old.equals(s.path("submissionId").asText()));
    assertThat(drivers()).as("the master had two drivers ever: the first and one new").hasSize(2);
    assertThat(activeDrivers()).isEqualTo(1);
    assertThat(
            count(
                "SELECT COUNT(*) FROM spark_submission WHERE tenant='acme' AND submission_id IS NOT NULL"))
        .isEqualTo(2);
    assertThat(after.get("submissionId").asText()).isNotEqualTo(old);
    once("submit driver");
  }

  @Test
  @Order(2)
  void scaleFleet() throws Exception {
    crashAfter("ScaleFleet", LOOP, () -> TestSteps.postUpscaleBatches(stack.base(), LISTENER, "f"));
    JsonNode decision =
        await(
            "the upscale recorded",
            () -> {
              JsonNode ds =
                  Http.send(
                          "GET",
                          stack.base() + "/api/v1/tenants/acme/scaling/decisions",
                          ADMIN,
                          null,
                          null)
                      .body();
              for (JsonNode d : ds) {
                if ("UPSCALE".equals(d.path("action").asText())) {
                  return d;
                }
              }
              return null;
            },
            d -> true);
    int target = decision.get("targetWorkers").asInt();
    assertThat(target).isGreaterThan(1);
    assertThat(
            count("SELECT COUNT(*) FROM scaling_decision WHERE tenant='acme' AND action='UPSCALE'"))
        .as("one upscale decision")
        .isEqualTo(1);
    assertThat(
            asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group))
                .autoScalingGroups()
                .get(0)
                .desiredCapacity())
        .as("the group at the decided size, not past it")
        .isEqualTo(target);
    once("scale fleet");
  }

  @Test
  @Order(3)
  void saveOverride() throws Exception {
    java.util.concurrent.atomic.AtomicReference<CompletableFuture<Http.Reply>> put =
        new java.util.concurrent.atomic.AtomicReference<>();
    crashAfter(
        "SaveOverride",
        LOOP,
        () ->
            put.set(
                inBackground(
                    "PUT",
                    "/api/v1/tenants/acme/scaling/override",
                    "{\"enableUpScale\":false,\"enableDownScale\":true}")));
    Http.Reply answer = put.get().get(200, TimeUnit.SECONDS);
    assertThat(answer.status()).as("the caller got its answer: %s", answer.body()).isEqualTo(200);
    assertThat(
            count(
                "SELECT COUNT(*) FROM spark_scale_override WHERE tenant='acme' AND upscale = FALSE AND downscale = TRUE"))
        .isEqualTo(1);
    var override =
        stack
            .client()
            .newWorkflowStub(io.logwise.workflows.scaling.ScalingLoopWorkflow.class, LOOP)
            .state()
            .override();
    assertThat(override.enableUpScale()).as("the loop applies it").isFalse();
    assertThat(override.enableDownScale()).isTrue();
    once("save override");
  }

  @Test
  @Order(4)
  void writeLifecycle() throws Exception {
    java.util.concurrent.atomic.AtomicReference<CompletableFuture<Http.Reply>> sync =
        new java.util.concurrent.atomic.AtomicReference<>();
    crashAfter(
        "ReconcileLifecycle",
        RETENTION,
        () -> sync.set(inBackground("POST", "/api/v1/tenants/acme/services:sync", null)));
    // answered at once, or handed over after 20 s and followed to its end
    Http.Reply answer = Http.followed(stack.base(), sync.get().get(200, TimeUnit.SECONDS), ADMIN);
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
    var rules =
        s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules().stream()
            .map(r -> r.id())
            .toList();
    assertThat(rules).isNotEmpty().doesNotHaveDuplicates();
    JsonNode plan =
        Http.send("GET", stack.base() + "/api/v1/tenants/acme/retention/plan", ADMIN, null, null)
            .body();
    assertThat(plan.toString()).as("the plan's rules are the bucket's").contains(rules.get(0));
    once("write lifecycle");
  }

  @Test
  @Order(5)
  void killDriver() throws Exception {
    String old = supervisor().get("submissionId").asText();
    int before = drivers().size();
    java.util.concurrent.atomic.AtomicReference<CompletableFuture<Http.Reply>> restart =
        new java.util.concurrent.atomic.AtomicReference<>();
    crashAfter(
        "KillDriver",
        SUPERVISOR,
        () ->
            restart.set(
                inBackground(
                    "POST", "/api/v1/tenants/acme/spark:restart", "{\"reason\":\"fault suite\"}")));
    await(
        "the restarted driver running",
        FaultSuiteIT::supervisor,
        s ->
            "RUNNING".equals(s.path("driverState").asText())
                && !old.equals(s.path("submissionId").asText()));
    assertThat(drivers()).as("one new driver for the restart").hasSize(before + 1);
    assertThat(drivers().stream().filter(d -> d[0].equals(old)).findFirst().orElseThrow()[1])
        .isEqualTo("KILLED");
    assertThat(activeDrivers()).isEqualTo(1);
    restart.get().get(200, TimeUnit.SECONDS);
    once("kill driver");
  }

  @Test
  @Order(6)
  void deleteStreamingState() throws Exception {
    for (int i = 0; i < 5; i++) {
      int n = i;
      s3.putObject(
          b -> b.bucket(bucket).key("checkpoint/offsets/" + n), RequestBody.fromString("o" + n));
    }
    String old = supervisor().get("submissionId").asText();
    int before = drivers().size();
    String from = java.time.Instant.now().minusSeconds(3600).toString();
    java.util.concurrent.atomic.AtomicReference<CompletableFuture<Http.Reply>> replay =
        new java.util.concurrent.atomic.AtomicReference<>();
    crashAfter(
        "ResetStreamingState",
        SUPERVISOR,
        () ->
            replay.set(
                inBackground(
                    "POST",
                    "/api/v1/tenants/acme/spark:replay",
                    "{\"fromTimestamp\":\"" + from + "\",\"reason\":\"fault suite\"}")));
    await(
        "the replay's driver running",
        FaultSuiteIT::supervisor,
        s ->
            "RUNNING".equals(s.path("driverState").asText())
                && !old.equals(s.path("submissionId").asText()));
    assertThat(drivers()).as("one new driver for the replay").hasSize(before + 1);
    assertThat(activeDrivers()).isEqualTo(1);
    List<String> backups =
        s3.listObjectsV2(b -> b.bucket(bucket).prefix("logwise-backups/acme/")).contents().stream()
            .map(o -> o.key())
            .toList();
    assertThat(backups.stream().filter(k -> k.contains("/checkpoint/offsets/")))
        .as("the checkpoint backed up once: %s", backups)
        .hasSize(5);
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("checkpoint/")).contents())
        .as("and cleared")
        .isEmpty();
    replay.get().get(200, TimeUnit.SECONDS);
    once("delete streaming state");
  }
}
