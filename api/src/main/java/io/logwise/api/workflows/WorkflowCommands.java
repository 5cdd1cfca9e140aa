package io.logwise.api.workflows;

import io.logwise.workflows.kafka.EvaluateRequest;
import io.logwise.workflows.kafka.KafkaPartitionsState;
import io.logwise.workflows.kafka.MigrationInput;
import io.logwise.workflows.kafka.MigrationProgress;
import io.logwise.workflows.kafka.OperatorDecision;
import io.logwise.workflows.kafka.PartitionEvaluation;
import io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth;
import io.logwise.workflows.retention.RetentionActivities.FreshnessRequest;
import io.logwise.workflows.retention.RetentionActivities.FreshnessResult;
import io.logwise.workflows.retention.RetentionActivities.LifecycleResult;
import io.logwise.workflows.retention.SyncRequest;
import io.logwise.workflows.retention.SyncResult;
import io.logwise.workflows.scaling.BatchReport;
import io.logwise.workflows.scaling.OverrideRequest;
import io.logwise.workflows.scaling.OverrideState;
import io.logwise.workflows.scaling.ScalingLoopInput;
import io.logwise.workflows.spark.CheckRequest;
import io.logwise.workflows.spark.CheckResult;
import io.logwise.workflows.spark.ControlRequest;
import io.logwise.workflows.spark.ReplayRequest;
import io.logwise.workflows.spark.ReplayStarted;
import io.logwise.workflows.spark.SupervisorState;

/**
 * Everything the API asks of the tenants' workflows, one typed method per signal, update, query or
 * start. The Temporal implementation calls the workflow interfaces' own methods (so a batch can be
 * followed from the resource to {@code ScalingLoopWorkflowImpl.batch}); resource tests use a fake.
 *
 * <p>Every method either returns what the workflow answered or throws {@code ApiException}: 400
 * when the workflow's validator refused the request, 409 for a conflict it reported, 503 when the
 * workflow, Temporal or a worker did not answer in time — never a silent success.
 */
public interface WorkflowCommands {

  // ---- spark-supervisor/<tenant> ----------------------------------------------------------

  CheckResult checkSpark(String tenant, CheckRequest request);

  SupervisorState sparkState(String tenant);

  ReplayStarted replay(String tenant, ReplayRequest request);

  /** The supervisor's control updates that answer its state. */
  enum SparkControl {
    PAUSE,
    RESUME,
    END_REPLAY
  }

  SupervisorState controlSpark(String tenant, SparkControl control, ControlRequest request);

  CheckResult restartSpark(String tenant, ControlRequest request);

  // ---- scaling-loop/<tenant> --------------------------------------------------------------

  /** Signal-with-start: returns once Temporal has the batch. */
  void reportBatch(String tenant, ScalingLoopInput start, BatchReport batch);

  OverrideState setOverride(String tenant, OverrideRequest request);

  // ---- retention-sync/<tenant> ------------------------------------------------------------

  /** A catalog sync now: its result, or the operation to follow when it takes longer. */
  Followed<SyncResult> syncServices(String tenant, SyncRequest request);

  LifecycleResult planLifecycle(String tenant, SyncRequest request);

  /** The sweep's dry run: its result, or the operation to follow when it takes longer. */
  Followed<io.logwise.workflows.retention.RetentionActivities.SweepResult> planSweep(
      String tenant, SyncRequest request);

  /**
   * An operation that {@link #syncServices} or {@link #planSweep} handed over: its result once it
   * finished, or still running after a short wait; a 404 for an id the run does not know.
   *
   * @param runId the run of {@code retention-sync/<tenant>} that took it
   */
  Followed<?> followOperation(String tenant, String operationId, String runId);

  FreshnessResult freshness(String tenant, FreshnessRequest request);

  PipelineHealth health(String tenant, SyncRequest request);

  /** The state query: no history written. */
  io.logwise.workflows.retention.RetentionSyncState retentionState(String tenant);

  // ---- kafka-partitions/<tenant> and kafka-migration/<tenant>/<id> ------------------------

  KafkaPartitionsState partitionsState(String tenant);

  // ---- vector-scaler/<tenant> ---------------------------------------------------------------

  /** The state query: no history written. */
  io.logwise.workflows.vector.VectorScalerState vectorState(String tenant);

  // ---- planned-events/<tenant> -------------------------------------------------------------

  io.logwise.workflows.planned.PlannedEventsState plannedEvents(String tenant);

  io.logwise.workflows.planned.PlannedEventView planEvent(
      String tenant, io.logwise.workflows.planned.PlannedEventRequest request);

  io.logwise.workflows.planned.PlannedEventView cancelEvent(
      String tenant, io.logwise.workflows.planned.CancelEventRequest request);

  PartitionEvaluation evaluatePartitions(String tenant, EvaluateRequest request);

  /**
   * Starts the migration together with its {@code claimed} update and waits for the claim's
   * outcome: the workflow's first step decides, with the same rules for every way of starting. An
   * id whose workflow runs or ended (other than refused) is a 409.
   */
  StartedMigration startMigration(MigrationInput input);

  /** A migration's run and what its claim found. */
  record StartedMigration(String runId, io.logwise.workflows.kafka.MigrationStart start) {}

  /** The operator's answers to a migration waiting for one. */
  enum MigrationDecision {
    APPROVE,
    PROCEED,
    ROLLBACK
  }

  MigrationProgress decideMigration(
      String tenant, String migrationId, MigrationDecision decision, OperatorDecision request);

  void cancelMigration(String tenant, String migrationId);
}
