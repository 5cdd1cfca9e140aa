package io.logwise.workflows.kafka;

import io.logwise.workflows.Duty;
import io.logwise.workflows.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;

/**
 * What a start learns from the migration's own claim of its tenant's slot (the {@code claimed}
 * update): whether it runs, and if not why. The API and {@code logwise migrate-kafka} start a
 * migration the same way, with {@link #begin} and the {@link MigrationInput} alone; the claim is
 * the workflow's first step, so a start from the Temporal CLI goes through the very same rules.
 *
 * @param outcome what the claim found
 * @param oldBootstrapServers the cluster the tenant uses now (null when not claimed)
 * @param holder the migration that holds the slot ({@link Outcome#RUNNING}), else null
 * @param message why it does not run, for the operator (null when claimed)
 */
public record MigrationStart(
    Outcome outcome, String oldBootstrapServers, String holder, String message) {

  /** What the claim found. */
  public enum Outcome {
    /** The slot is the migration's: it runs. */
    CLAIMED,
    /** The input has problems (listed in the message); nothing was claimed. */
    INVALID,
    /** The tenant already uses the cluster asked for. */
    SAME_CLUSTER,
    /** Another migration of the tenant is running. */
    RUNNING,
    /** The migration id was used before, or its earlier run was left past its preflight. */
    ID_USED
  }

  public static MigrationStart claimed(String oldBootstrapServers) {
    return new MigrationStart(Outcome.CLAIMED, oldBootstrapServers, null, null);
  }

  public static MigrationStart refused(Outcome outcome, String holder, String message) {
    return new MigrationStart(outcome, null, holder, message);
  }

  public boolean runs() {
    return outcome == Outcome.CLAIMED;
  }

  /**
   * Starts migration {@code input} on the Kafka duty's queue of {@code taskQueue} together with its
   * {@code claimed} update (one call: update-with-start), returning once the workflow has accepted
   * the update; the handle's result is the claim's outcome. A refused claim ends the run as failed,
   * so its id may be started again (the claim itself refuses an id that got further). An id whose
   * workflow runs, or ended otherwise, is refused by Temporal ({@code
   * WorkflowExecutionAlreadyStarted}).
   */
  public static WorkflowUpdateHandle<MigrationStart> begin(
      WorkflowClient client, String taskQueue, MigrationInput input) {
    return beginOn(client, Duty.KAFKA.queue(taskQueue), input);
  }

  /**
   * Whether {@link #begin} failed because the id is taken: its workflow runs, or ended other than
   * failed (the start says so as {@code ALREADY_EXISTS}, inside the update-with-start's failure).
   */
  public static boolean idTaken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof io.temporal.client.WorkflowExecutionAlreadyStarted
          || (t instanceof io.grpc.StatusRuntimeException s
              && s.getStatus().getCode() == io.grpc.Status.Code.ALREADY_EXISTS)) {
        return true;
      }
    }
    return false;
  }

  /** What the API and the CLI say when {@link #idTaken}. */
  public static String idTakenMessage(MigrationInput input) {
    return "migration id "
        + input.migrationId()
        + " is taken: "
        + WorkflowIds.kafkaMigration(input.tenant(), input.migrationId())
        + " runs or has ended; pick another id";
  }

  /** As {@link #begin}, on the task queue named {@code queue}. */
  static WorkflowUpdateHandle<MigrationStart> beginOn(
      WorkflowClient client, String queue, MigrationInput input) {
    KafkaClusterMigrationWorkflow wf =
        client.newWorkflowStub(
            KafkaClusterMigrationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.kafkaMigration(input.tenant(), input.migrationId()))
                .setTaskQueue(queue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setStaticSummary(
                    "Kafka migration of "
                        + input.tenant()
                        + " to "
                        + input.newBootstrapServers()
                        + (input.dryRunOrDefault() ? " (dry run)" : ""))
                .build());
    return WorkflowClient.startUpdateWithStart(
        wf::claimed,
        UpdateOptions.<MigrationStart>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build(),
        new WithStartWorkflowOperation<>(wf::run, input));
  }
}
