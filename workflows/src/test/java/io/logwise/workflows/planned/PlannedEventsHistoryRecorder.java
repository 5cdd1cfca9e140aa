package io.logwise.workflows.planned;

import io.logwise.policy.kafka.PartitionConfig;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.FakeKafka;
import io.logwise.workflows.kafka.KafkaPartitionsInput;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflow;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflowImpl;
import io.logwise.workflows.scaling.FakeFleet;
import io.logwise.workflows.scaling.ScalingLoopInput;
import io.logwise.workflows.scaling.ScalingLoopWorkflow;
import io.logwise.workflows.scaling.ScalingLoopWorkflowImpl;
import io.logwise.workflows.vector.VectorScalerInput;
import io.logwise.workflows.vector.VectorScalerWorkflow;
import io.logwise.workflows.vector.VectorScalerWorkflowImpl;
import io.logwise.workflows.vector.VectorScalerWorkflowTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes histories for the replay tests: {@code planned-events} planning two events (one cancelled)
 * through the lead time, the floors sent, the event's end and the floors lifted; and the {@code
 * scaling-loop}, {@code vector-scaler} and {@code kafka-partitions} runs that received them. {@code
 * mvn -pl workflows test -Dtest=PlannedEventsHistoryRecorder
 * -Dlogwise.recordHistories=$PWD/workflows/src/test/resources/histories}.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class PlannedEventsHistoryRecorder {

  @Test
  void record() throws Exception {
    Path dir = Path.of(System.getProperty("logwise.recordHistories"));
    Map<String, String> files =
        Map.of(
            WorkflowIds.plannedEvents("acme"), "planned-events-v1.json",
            WorkflowIds.scalingLoop("acme"), "scaling-loop-v6.json",
            WorkflowIds.vectorScaler("acme"), "vector-scaler-v2.json",
            WorkflowIds.kafkaPartitions("acme"), "kafka-partitions-v3.json");
    for (String f : files.values()) {
      if (Files.exists(dir.resolve(f))) {
        throw new IllegalStateException(f + " exists; pick a new name, never overwrite");
      }
    }
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("logwise");
      worker.registerWorkflowImplementationTypes(
          PlannedEventsWorkflowImpl.class,
          ScalingLoopWorkflowImpl.class,
          VectorScalerWorkflowImpl.class,
          KafkaPartitionsWorkflowImpl.class);
      FakeKafka kafka = new FakeKafka(env::currentTimeMillis);
      kafka.topics.put("logs.checkout", new FakeKafka.Topic(2, 3_000));
      worker.registerActivitiesImplementations(
          new FakeFleet(), new VectorScalerWorkflowTest.FakeVector(), kafka);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      Map<String, String> runs = new java.util.HashMap<>();
      runs.put(
          WorkflowIds.scalingLoop("acme"),
          WorkflowClient.start(
                  stub(client, ScalingLoopWorkflow.class, WorkflowIds.scalingLoop("acme"))::run,
                  ScalingLoopInput.of("acme", ScalingConfig.REFERENCE, false))
              .getRunId());
      runs.put(
          WorkflowIds.vectorScaler("acme"),
          WorkflowClient.start(
                  stub(client, VectorScalerWorkflow.class, WorkflowIds.vectorScaler("acme"))::run,
                  VectorScalerInput.of("acme", null, false))
              .getRunId());
      runs.put(
          WorkflowIds.kafkaPartitions("acme"),
          WorkflowClient.start(
                  stub(client, KafkaPartitionsWorkflow.class, WorkflowIds.kafkaPartitions("acme"))
                      ::run,
                  KafkaPartitionsInput.of("acme", PartitionConfig.DEFAULTS, 300, false))
              .getRunId());
      PlannedEventsWorkflow wf =
          stub(client, PlannedEventsWorkflow.class, WorkflowIds.plannedEvents("acme"));
      runs.put(
          WorkflowIds.plannedEvents("acme"),
          WorkflowClient.start(
                  wf::run, PlannedEventsInput.of("acme", PlannedEventsWorkflowTest.SETTINGS))
              .getRunId());
      Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
      wf.plan(
          new PlannedEventRequest(
              "sale",
              now.plus(Duration.ofHours(1)).toString(),
              now.plus(Duration.ofHours(2)).toString(),
              60_000L,
              "ops"));
      wf.plan(
          new PlannedEventRequest(
              "dropped",
              now.plus(Duration.ofHours(5)).toString(),
              now.plus(Duration.ofHours(6)).toString(),
              10_000L,
              "ops"));
      wf.cancel(new CancelEventRequest("dropped", "ops"));
      env.sleep(Duration.ofMinutes(150)); // lead time, the event, its end
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(
            dir.resolve(f.getValue()),
            client.fetchHistory(f.getKey(), runs.get(f.getKey())).toJson(true));
      }
    }
  }

  private static <T> T stub(WorkflowClient client, Class<T> type, String id) {
    return client.newWorkflowStub(
        type, WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("logwise").build());
  }
}
