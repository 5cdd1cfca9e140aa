package io.logwise.workflows.retention;

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
 * Writes a fresh history of {@code retention-sync} for the replay tests. Run it only when a
 * deliberate, versioned change needs a new recording: {@code mvn -pl workflows test
 * -Dtest=RetentionSyncHistoryRecorder -Dlogwise.recordHistories=src/test/resources/histories}.
 * Never overwrite an existing file: old histories are what guard running workflows.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class RetentionSyncHistoryRecorder {

  @Test
  void record() throws Exception {
    Path dir = Path.of(System.getProperty("logwise.recordHistories"));
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("logwise");
      worker.registerWorkflowImplementationTypes(RetentionSyncWorkflowImpl.class);
      FakeServiceCatalog catalog = new FakeServiceCatalog();
      catalog.failuresLeft.set(2);
      worker.registerActivitiesImplementations(catalog);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String id = WorkflowIds.retentionSync("acme");
      RetentionSyncWorkflow wf =
          client.newWorkflowStub(
              RetentionSyncWorkflow.class,
              WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("logwise").build());
      String firstRunId =
          WorkflowClient.start(wf::run, new RetentionSyncInput("acme", 60L, 60, null)).getRunId();
      env.sleep(Duration.ofSeconds(90));
      wf.syncNow(new SyncRequest("ops", "recorded"));
      // an on-demand sync while the timer's sweep runs (the sweep outside the sync lock)
      catalog.sweepHeld = new java.util.concurrent.CountDownLatch(1);
      if (!catalog.sweepStarted.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("no timer sweep started");
      }
      wf.syncNow(new SyncRequest("ops", "during the timer's sweep"));
      catalog.sweepHeld.countDown();
      // the run that took it (the first run continued as new at its 60-event bound)
      String heldRunId = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
      env.sleep(Duration.ofMinutes(10));
      String json = client.fetchHistory(id, heldRunId).toJson(true);
      // v1: before the expiry sweep and background freshness; v2: with them; v3: health on the
      // tick and the history bound between ticks; v4: the 10 s minimum interval and the sweep
      // outside the sync lock
      Path file = dir.resolve("retention-sync-v4.json");
      if (Files.exists(file)) {
        throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
      }
      Files.writeString(file, json);
      System.out.println("recorded run " + heldRunId + " (first " + firstRunId + ") to " + file);
    }
  }
}
