package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.activities.support.KafkaBrokers;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every {@code temporal …} command of the README and {@code docs/} runs, as written, against the
 * real dev server behind a worker on the docs' own task queues ({@code logwise-*}) and tenants
 * ({@code acme}, {@code sandbox}), with real Kafka for the migration's dry run. The starts come
 * first: each stops the run the worker started, then starts it again as the docs say and must leave
 * a running workflow (the dry-run migration: completed). The answers to a migration's gate need a
 * migration waiting at it: {@link KafkaMigrationEndToEndIT} runs those.
 */
@Tag("kafka")
class DocsTemporalCliIT {

  private static KafkaBrokers oldKafka;
  private static KafkaBrokers newKafka;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.workerOnly(
          "logwise",
          """
          auth:
            tokens:
              - {name: ops, token: "docs-cli-admin-0123456789", scopes: [admin]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, masterWebPort: 9, restPort: 9, jarPath: 'file:/opt/logwise/job.jar'}
              kafka: {bootstrapServers: "${OLD_KAFKA}", enablePartitionScaling: false}
              objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              vector:
                kubernetes: {namespace: logwise, configMap: vector-kafka, key: KAFKA_BROKERS, deployment: vector}
                scaling:
                  enabled: true
                  exporters: ["http://127.0.0.1:9/metrics"]
                  fleet: {type: asg, asg: {name: vector-acme, region: us-east-1, endpoint: "${S3}"}}
                  minInstances: 1
                  maxInstances: 4
            - name: sandbox
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9", enablePartitionScaling: false}
              objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          """,
          DocsTemporalCliIT::prepare);

  private static Map<String, String> prepare(LogwiseStack stack) throws Exception {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    oldKafka = stack.closeLater(KafkaBrokers.start());
    newKafka = stack.closeLater(KafkaBrokers.start());
    oldKafka.createTopic("logs.checkout", 2);
    String bucket = "docs-cli-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = MotoAws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putObject(
          b -> b.bucket(bucket).key("logs/service_name=checkout/part-0.parquet"),
          software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
    }
    return Map.of("OLD_KAFKA", oldKafka.bootstrapServers(), "BUCKET", bucket);
  }

  /** The docs' example hosts, as a reader puts in their own. */
  private static Map<String, String> hosts() {
    return Map.of("kafka-b-1:9092", newKafka.bootstrapServers());
  }

  private static io.temporal.api.workflow.v1.WorkflowExecutionInfo describeOrNull(String id) {
    try {
      return TestSteps.describe(stack.client().getWorkflowServiceStubs(), id);
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  @Test
  void everyTemporalCommandOfTheDocsRunsAsWritten() throws Exception {
    List<DocsTemporalCommands.Command> all = DocsTemporalCommands.all();
    assertThat(all).as("the docs show temporal commands").hasSizeGreaterThan(10);
    List<DocsTemporalCommands.Command> starts = new ArrayList<>();
    List<DocsTemporalCommands.Command> others = new ArrayList<>();
    for (var c : all) {
      if (c.atAMigrationGate()) {
        continue; // KafkaMigrationEndToEndIT
      }
      (c.startedId() != null ? starts : others).add(c);
    }
    assertThat(starts).as("the docs start every kind of workflow").hasSizeGreaterThanOrEqualTo(6);
    var client = stack.client();
    String target = stack.temporalTarget();
    Map<String, String> printed = new LinkedHashMap<>();
    for (var c : starts) {
      String id = c.startedId();
      String before = null;
      var info = describeOrNull(id);
      if (info != null
          && info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        before = info.getExecution().getRunId();
        client.newUntypedWorkflowStub(id).terminate("docs test: started again from the docs");
      }
      printed.put(c.toString(), DocsTemporalCommands.run(c, target, hosts()));
      var after = describeOrNull(id);
      assertThat(after).as("%s started a run", c).isNotNull();
      assertThat(after.getExecution().getRunId()).as("%s: a new run", c).isNotEqualTo(before);
      if (id.startsWith("kafka-migration/")) {
        // the docs' dry run, against a real new cluster: checks everything and changes nothing
        var result =
            client
                .newUntypedWorkflowStub(id)
                .getResult(60, java.util.concurrent.TimeUnit.SECONDS, Object.class);
        assertThat(String.valueOf(result)).as("%s", c).contains("COMPLETED", "dry run");
      } else {
        assertThat(describeOrNull(id).getStatus())
            .as("%s is running", c)
            .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      }
    }
    for (var c : others) {
      printed.put(c.toString(), DocsTemporalCommands.run(c, target, hosts()));
    }
    // the commands did what the docs say they do
    String plannedState =
        DocsTemporalCommands.run(
            new DocsTemporalCommands.Command(
                "this test",
                "temporal workflow query --workflow-id planned-events/acme --type state"),
            target,
            Map.of());
    assertThat(plannedState).contains("black-friday", "sale");
    assertThat(printed.entrySet())
        .as("list by tenant")
        .anySatisfy(
            e ->
                assertThat(e.getKey() + e.getValue())
                    .contains("workflow list", "retention-sync/acme", "scaling-loop/acme"));
    var loop = client.newUntypedWorkflowStub("scaling-loop/acme");
    assertThat(String.valueOf(loop.query("state", Object.class)))
        .as("the docs' batch signal reached the loop")
        .contains("b1");
  }

  /**
   * The docs' start of a scaling loop with a config it cannot read (an unknown policy): on the real
   * server and worker the run fails with the reason the Temporal UI and {@code temporal workflow
   * describe} show, instead of failing its first task again and again.
   */
  @Test
  void aLoopStartedWithAConfigItCannotReadFailsWithTheReason() throws Exception {
    String id = "scaling-loop/sandbox-bad-config";
    DevCommandIT.temporalCli(
        stack.temporalTarget(),
        "workflow",
        "start",
        "--type",
        "ScalingLoopWorkflow",
        "--task-queue",
        "logwise-scale",
        "--workflow-id",
        id,
        "--input",
        "{\"tenant\":\"sandbox\",\"config\":{\"policy\":\"magic\"}}");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                stack
                    .client()
                    .newUntypedWorkflowStub(id)
                    .getResult(60, java.util.concurrent.TimeUnit.SECONDS, Void.class))
        .isInstanceOf(io.temporal.client.WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("unknown scaling policy 'magic'");
  }
}
