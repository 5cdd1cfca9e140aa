package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.activities.spark.TestDriverJar;
import io.logwise.embedded.LocalSpark;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two worker processes (the packaged jar) on the standalone Temporal test server over gRPC, both
 * with every duty: the first is killed with {@code kill -9} right after the batches that ask for an
 * upscale; the survivor takes over every tenant workflow within the workflow task timeout, the
 * group is scaled once, the Spark master still has its one driver.
 */
@Tag("faults")
class MultiWorkerIT {

  static final String ADMIN = "multi-admin-0123456789abcdef";
  static final String LISTENER = "multi-listener-0123456789abcdef";

  /** The stack both multi-worker suites run: a real Spark master, a moto group, one tenant. */
  static final String YAML =
      LogwiseStack.ADMIN_AND_ACME_LISTENER
          + """
          worker: {duties: [${DUTIES:-all}]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, masterWebPort: ${WEB}, restPort: ${REST}, masterPort: ${MASTER}, jarPath: 'file:${JAR}', mainClass: io.logwise.testdriver.LongRunningDriver,
                      clientSparkVersion: '4.2.0', driverMemory: 512m, executorMemory: 512m, pollInterval: 2s, submitGrace: 20s, restartBackoff: 2s, restartBackoffCap: 10s}
              fleet: {type: asg, asg: {name: "${GROUP}", region: us-east-1, endpoint: "${S3}"}}
              kafka: {bootstrapServers: '127.0.0.1:9092', enablePartitionScaling: false}
              objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              retention: {syncInterval: 10s}
          """;

  /** What a suite prepared: the master, the group. */
  record Parts(LocalSpark spark, AutoScalingClient asg, String group) {}

  static Parts prepare(LogwiseStack stack, String name, Map<String, String> vars) throws Exception {
    LocalSpark spark = stack.closeLater(MotoAws.spark(name));
    String bucket = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = MotoAws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putObject(
          b -> b.bucket(bucket).key("logs/_spark_metadata/56"), RequestBody.fromString("v1"));
    }
    AutoScalingClient asg = stack.closeLater(MotoAws.autoScaling());
    String group = MotoAws.newGroup(asg, name);
    vars.putAll(MotoAws.sparkPorts(spark));
    vars.putAll(
        Map.of(
            "ADMIN", ADMIN,
            "LISTENER", LISTENER,
            "JAR", TestDriverJar.build().toAbsolutePath().toString(),
            "GROUP", group,
            "BUCKET", bucket));
    return new Parts(spark, asg, group);
  }

  private static Parts parts;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
              "multi-worker",
              YAML,
              s -> {
                Map<String, String> vars = new HashMap<>();
                parts = prepare(s, "multi", vars);
                return vars;
              })
          .workerAsProcess();

  static JsonNode supervisor(LogwiseStack stack) {
    return Http.send("GET", stack.base() + "/api/v1/tenants/acme/spark", ADMIN, null, null).body();
  }

  static long historyLength(LogwiseStack stack, String workflowId) {
    return describe(stack, workflowId).getHistoryLength();
  }

  static io.temporal.api.workflow.v1.WorkflowExecutionInfo describe(
      LogwiseStack stack, String workflowId) {
    return stack
        .client()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo();
  }

  static int count(LogwiseStack stack, String sql) {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "logwise", "logwise");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static int desired(Parts p) {
    return p.asg()
        .describeAutoScalingGroups(b -> b.autoScalingGroupNames(p.group()))
        .autoScalingGroups()
        .get(0)
        .desiredCapacity();
  }

  /** Waits until {@code workflowId}'s history has grown past {@code than}; the seconds it took. */
  static long grows(LogwiseStack stack, String workflowId, long than, int seconds)
      throws InterruptedException {
    long start = System.nanoTime();
    TestSteps.await(
        workflowId + " progressing",
        () ->
            historyLength(stack, workflowId) > than
                ? com.fasterxml.jackson.databind.node.BooleanNode.TRUE
                : null,
        n -> true,
        seconds);
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  @Test
  void theSurvivorTakesOverEveryWorkflowWithNoEffectTwice() throws Exception {
    stack.startAnotherWorkerProcess(Map.of());
    TestSteps.await(
        "the first driver",
        () -> supervisor(stack),
        s -> "RUNNING".equals(s.path("driverState").asText()),
        240);
    assertThat(TestSteps.drivers(parts.spark().webPort())).hasSize(1);

    long supervisorBefore = historyLength(stack, "spark-supervisor/acme");
    long retentionBefore = historyLength(stack, "retention-sync/acme");
    TestSteps.postUpscaleBatches(stack.base(), LISTENER, "m");
    stack.killWorker(); // kill -9 of the first process, mid-work

    // the workflow task timeout is 10 s; a task the dead worker held is retried after it
    assertThat(grows(stack, "spark-supervisor/acme", supervisorBefore, 60))
        .as("the supervisor goes on")
        .isLessThanOrEqualTo(45);
    assertThat(grows(stack, "retention-sync/acme", retentionBefore, 60))
        .as("retention goes on")
        .isLessThanOrEqualTo(45);
    JsonNode upscale =
        TestSteps.await(
            "the upscale recorded",
            () -> {
              for (JsonNode d :
                  Http.send(
                          "GET",
                          stack.base() + "/api/v1/tenants/acme/scaling/decisions",
                          ADMIN,
                          null,
                          null)
                      .body()) {
                if ("UPSCALE".equals(d.path("action").asText())) {
                  return d;
                }
              }
              return null;
            },
            d -> true,
            120);
    int target = upscale.get("targetWorkers").asInt();
    Thread.sleep(5_000); // anything the dead worker had half done has had its time to be retried
    assertThat(
            count(
                stack,
                "SELECT COUNT(*) FROM scaling_decision WHERE tenant='acme' AND action='UPSCALE'"))
        .as("one upscale")
        .isEqualTo(1);
    assertThat(desired(parts)).as("the group at the decided size").isEqualTo(target);
    assertThat(TestSteps.drivers(parts.spark().webPort()))
        .as("still the one driver: nothing submitted twice")
        .hasSize(1);
    assertThat(TestSteps.activeDrivers(parts.spark().webPort())).isEqualTo(1);
    assertThat(
            count(
                stack,
                "SELECT COUNT(*) FROM spark_submission WHERE tenant='acme' AND submission_id IS NOT NULL"))
        .isEqualTo(1);
  }
}
