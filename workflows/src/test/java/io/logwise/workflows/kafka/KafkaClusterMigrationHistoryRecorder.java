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
    Path file = fresh("kafka-migration-v1.json");
    FakeMigration steps = new FakeMigration();
    try (TestWorkflowEnvironment env = started(steps)) {
      WorkflowClient client = env.getWorkflowClient();
      String id = WorkflowIds.kafkaMigration("acme", "m1");
      KafkaClusterMigrationWorkflow wf =
          client.newWorkflowStub(
              KafkaClusterMigrationWorkflow.class,
              WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("logwise").build());
      String run =
          WorkflowClient.start(wf::run, KafkaClusterMigrationWorkflowTest.input(null, null))
              .getRunId();
      throughTheGates(env, wf);
      Files.writeString(file, client.fetchHistory(id, run).toJson(true));
    }
  }

  /**
   * Two starts as the API and {@code logwise migrate-kafka} make them (update-with-start of {@code
   * claimed}): one claimed and run to its end through the same gates, one refused because another
   * migration holds the slot.
   */
  @Test
  void recordStartsWithTheirClaim() throws Exception {
    Path claimed = fresh("kafka-migration-claimed-v1.json");
    Path refused = fresh("kafka-migration-refused-v1.json");
    FakeMigration steps = new FakeMigration();
    try (TestWorkflowEnvironment env = started(steps)) {
      WorkflowClient client = env.getWorkflowClient();
      String id = WorkflowIds.kafkaMigration("acme", "m1");
      var handle =
          MigrationStart.beginOn(
              client, "logwise", KafkaClusterMigrationWorkflowTest.input(null, null));
      if (!handle.getResult().runs()) {
        throw new AssertionError("not claimed: " + handle.getResult());
      }
      String run = handle.getExecution().getRunId();
      KafkaClusterMigrationWorkflow wf =
          client.newWorkflowStub(KafkaClusterMigrationWorkflow.class, id);
      throughTheGates(env, wf);
      Files.writeString(claimed, client.fetchHistory(id, run).toJson(true));

      steps.holder = "m1";
      String second = WorkflowIds.kafkaMigration("acme", "m2");
      MigrationInput m2 = KafkaClusterMigrationWorkflowTest.input("m2", null, null);
      var refusal = MigrationStart.beginOn(client, "logwise", m2);
      if (refusal.getResult().runs()) {
        throw new AssertionError("claimed, not refused");
      }
      try {
        WorkflowStub.fromTyped(client.newWorkflowStub(KafkaClusterMigrationWorkflow.class, second))
            .getResult(MigrationProgress.class);
      } catch (io.temporal.client.WorkflowFailedException expected) {
        // the refused run fails, saying why
      }
      Files.writeString(
          refused, client.fetchHistory(second, refusal.getExecution().getRunId()).toJson(true));
    }
  }

  /** Where history {@code name} is written; a file that exists is never overwritten. */
  private static Path fresh(String name) {
    Path file = Path.of(System.getProperty("logwise.recordHistories")).resolve(name);
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    return file;
  }

  /**
   * A test environment whose worker runs the migration on {@code steps}, which stall the drain and
   * fail the first cut-over.
   */
  private static TestWorkflowEnvironment started(FakeMigration steps) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker("logwise");
    worker.registerWorkflowImplementationTypes(KafkaClusterMigrationWorkflowImpl.class);
    steps.drains = false;
    steps.failCutovers.set(1);
    worker.registerActivitiesImplementations(steps);
    env.start();
    return env;
  }

  /** Proceeds past the stalled drain, approves, retries the failed cut-over, awaits the end. */
  private static void throughTheGates(
      TestWorkflowEnvironment env, KafkaClusterMigrationWorkflow wf) {
    awaitWaiting(env, wf, MigrationStep.DRAIN);
    wf.proceed(new OperatorDecision("recorder", "test traffic only"));
    awaitWaiting(env, wf, MigrationStep.APPROVAL);
    wf.approve(new OperatorDecision("recorder", null));
    awaitWaiting(env, wf, MigrationStep.CUTOVER);
    wf.proceed(new OperatorDecision("recorder", "retry"));
    WorkflowStub.fromTyped(wf).getResult(MigrationProgress.class);
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
