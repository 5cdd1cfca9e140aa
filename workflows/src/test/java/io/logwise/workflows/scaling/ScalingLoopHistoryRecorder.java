package io.logwise.workflows.scaling;

import io.logwise.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes a history of {@code scaling-loop} for the replay tests: batches (one duplicate), an
 * override, an upscale, then continue-as-new. {@code mvn -pl workflows test
 * -Dtest=ScalingLoopHistoryRecorder
 * -Dlogwise.recordHistories=$PWD/workflows/src/test/resources/histories}.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class ScalingLoopHistoryRecorder {

  @Test
  void record() throws Exception {
    Path file =
        Path.of(System.getProperty("logwise.recordHistories")).resolve("scaling-loop-v1.json");
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("logwise");
      worker.registerWorkflowImplementationTypes(ScalingLoopWorkflowImpl.class);
      FakeFleet fleet = new FakeFleet();
      fleet.wal = List.of("57");
      worker.registerActivitiesImplementations(fleet);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      ScalingLoopWorkflow wf =
          client.newWorkflowStub(
              ScalingLoopWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(WorkflowIds.scalingLoop("acme"))
                  .setTaskQueue("logwise")
                  .build());
      String run =
          WorkflowClient.start(wf::run, new ScalingLoopInput("acme", null, false, null, 90, null))
              .getRunId();
      long[] ir = {
        2_000_000, 2_500_000, 3_000_000, 3_500_000, 4_000_000, 4_000_000, 4_000_000, 4_000_000
      };
      for (int i = 0; i < ir.length; i++) {
        long t = 1_700_000_000_000L + i * 60_000L;
        BatchReport b =
            new BatchReport("b" + i, ir[i], 1, t, t + 1000, null, "succeeded", null, true, true);
        wf.batch(b);
        if (i == 2) {
          wf.batch(b);
          wf.setOverride(new OverrideRequest(null, false, "ops"));
        }
        env.sleep(Duration.ofSeconds(30));
      }
      Files.writeString(
          file, client.fetchHistory(WorkflowIds.scalingLoop("acme"), run).toJson(true));
    }
  }
}
