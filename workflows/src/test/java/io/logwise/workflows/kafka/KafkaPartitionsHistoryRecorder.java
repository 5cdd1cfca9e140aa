package io.logwise.workflows.kafka;

import io.logwise.policy.kafka.PartitionConfig;
import io.logwise.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes a history of {@code kafka-partitions} for the replay tests: evaluations on the timer, a
 * growth, an outage, a requested evaluation, then continue-as-new. {@code mvn -pl workflows test
 * -Dtest=KafkaPartitionsHistoryRecorder
 * -Dlogwise.recordHistories=$PWD/workflows/src/test/resources/histories}.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class KafkaPartitionsHistoryRecorder {

  @Test
  void record() throws Exception {
    Path file =
        Path.of(System.getProperty("logwise.recordHistories"))
            .resolve("kafka-partitions-v2.json"); // v2: bound between ticks
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("logwise");
      worker.registerWorkflowImplementationTypes(KafkaPartitionsWorkflowImpl.class);
      FakeKafka kafka = new FakeKafka(env::currentTimeMillis);
      kafka.topics.put("logs.busy", new FakeKafka.Topic(3, 10_000));
      kafka.topics.put("logs.quiet", new FakeKafka.Topic(3, 5));
      worker.registerActivitiesImplementations(kafka);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      KafkaPartitionsWorkflow wf =
          client.newWorkflowStub(
              KafkaPartitionsWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(WorkflowIds.kafkaPartitions("acme"))
                  .setTaskQueue("logwise")
                  .build());
      String run =
          WorkflowClient.start(
                  wf::run,
                  new KafkaPartitionsInput("acme", PartitionConfig.DEFAULTS, 60L, false, 60, null))
              .getRunId();
      env.sleep(Duration.ofMinutes(3));
      kafka.reachable = false;
      env.sleep(Duration.ofMinutes(2));
      kafka.reachable = true;
      wf.evaluateNow(new EvaluateRequest("recorder"));
      wf.configure(new KafkaPartitionsSettings(null, null, true));
      env.sleep(Duration.ofMinutes(10));
      Files.writeString(
          file, client.fetchHistory(WorkflowIds.kafkaPartitions("acme"), run).toJson(true));
    }
  }
}
