package io.logwise.workflows.kafka;

import io.logwise.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes a history of {@code kafka-migration} for the replay tests: a stalled drain the operator
 * proceeds past, the approval gate, a failed cut-over retried, then completion. {@code mvn -pl
 * workflows test -Dtest=KafkaClusterMigrationHistoryRecorder
 * -Dlogwise.recordHistories=$PWD/workflows/src/test/resources/histories}.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class KafkaClusterMigrationHistoryRecorder {

  @Test
  void record() throws Exception {
    Path file =
        Path.of(System.getProperty("logwise.recordHistories")).resolve("kafka-migration-v1.json");
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("logwise");
      worker.registerWorkflowImplementationTypes(KafkaClusterMigrationWorkflowImpl.class);
      FakeMigration steps = new FakeMigration();
      steps.drains = false;
      steps.failCutovers.set(1);
      worker.registerActivitiesImplementations(steps);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String id = WorkflowIds.kafkaMigration("acme", "m1");
      KafkaClusterMigrationWorkflow wf =
          client.newWorkflowStub(
              KafkaClusterMigrationWorkflow.class,
              WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("logwise").build());
      String run =
          WorkflowClient.start(wf::run, KafkaClusterMigrationWorkflowTest.input(null, null))
              .getRunId();
      awaitWaiting(env, wf, MigrationStep.DRAIN);
      wf.proceed(new OperatorDecision("recorder", "test traffic only"));
      awaitWaiting(env, wf, MigrationStep.APPROVAL);
      wf.approve(new OperatorDecision("recorder", null));
      awaitWaiting(env, wf, MigrationStep.CUTOVER);
      wf.proceed(new OperatorDecision("recorder", "retry"));
      WorkflowStub.fromTyped(wf).getResult(MigrationProgress.class);
      Files.writeString(file, client.fetchHistory(id, run).toJson(true));
    }
  }

  private static void awaitWaiting(
      TestWorkflowEnvironment env, KafkaClusterMigrationWorkflow wf, MigrationStep step) {
    for (int i = 0; i < 300; i++) {
      MigrationProgress p = wf.progress();
      if (p != null && p.status() == MigrationStatus.WAITING && p.step() == step) {
        return;
      }
      env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("never waiting at " + step);
  }
}
