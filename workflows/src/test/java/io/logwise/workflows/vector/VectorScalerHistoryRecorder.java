package io.logwise.workflows.vector;

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
 * Writes a history of {@code vector-scaler} for the replay tests: hot minutes and a scale-up, the
 * cooldown and a second one, a Prometheus outage minute, quiet minutes, until it continues as new
 * (limit 300 events). {@code mvn -pl workflows test -Dtest=VectorScalerHistoryRecorder
 * -Dlogwise.recordHistories=$PWD/workflows/src/test/resources/histories}.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class VectorScalerHistoryRecorder {

  @Test
  void record() throws Exception {
    Path file =
        Path.of(System.getProperty("logwise.recordHistories")).resolve("vector-scaler-v3.json");
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    VectorScalerWorkflowTest.FakeVector vector = new VectorScalerWorkflowTest.FakeVector();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("logwise");
      worker.registerWorkflowImplementationTypes(VectorScalerWorkflowImpl.class);
      worker.registerActivitiesImplementations(vector);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String id = WorkflowIds.vectorScaler("acme");
      VectorScalerWorkflow wf =
          client.newWorkflowStub(
              VectorScalerWorkflow.class,
              WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("logwise").build());
      vector.cpu = 0.9;
      String run =
          WorkflowClient.start(wf::run, new VectorScalerInput("acme", null, false, 300, null))
              .getRunId();
      env.sleep(Duration.ofSeconds(390)); // hot: one up, then the cooldown
      vector.prometheusDown = true;
      env.sleep(Duration.ofSeconds(60));
      vector.prometheusDown = false;
      vector.cpu = 0.2;
      env.sleep(Duration.ofMinutes(20)); // quiet: one down
      Files.writeString(file, client.fetchHistory(id, run).toJson(true));
    }
  }
}
