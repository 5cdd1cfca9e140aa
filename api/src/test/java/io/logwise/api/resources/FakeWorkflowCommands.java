package io.logwise.api.resources;

import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The workflows as the resources see them, in memory: every call is recorded as {@code
 * method(tenant, argument)}, answered with the canned result of its kind, or with {@link #failure}
 * when one is set (what the Temporal port throws when a workflow refuses or does not answer).
 */
final class FakeWorkflowCommands implements WorkflowCommands {

  /** One call: the method, the tenant (or migration id) and the argument. */
  record Call(String method, String tenant, Object argument) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  volatile ApiException failure;

  volatile CheckResult check;
  volatile SupervisorState sparkState;
  volatile ReplayStarted replayStarted;
  volatile SyncResult sync;
  volatile LifecycleResult plan;
  volatile FreshnessResult freshness;
  volatile PipelineHealth health;
  volatile KafkaPartitionsState partitions;
  volatile io.logwise.workflows.vector.VectorScalerState vector;
  volatile PartitionEvaluation evaluation;
  volatile MigrationProgress progress;

  /** What a started migration's claim finds. */
  volatile io.logwise.workflows.kafka.MigrationStart claim =
      io.logwise.workflows.kafka.MigrationStart.claimed("old-1:9092");

  void reset() {
    calls.clear();
    failure = null;
    claim = io.logwise.workflows.kafka.MigrationStart.claimed("old-1:9092");
  }

  List<Call> callsOf(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  private <T> T answer(String method, String tenant, Object argument, Supplier<T> result) {
    calls.add(new Call(method, tenant, argument));
    if (failure != null) {
      throw failure;
    }
    return result.get();
  }

  @Override
  public CheckResult checkSpark(String tenant, CheckRequest request) {
    return answer("checkSpark", tenant, request, () -> check);
  }

  @Override
  public SupervisorState sparkState(String tenant) {
    return answer("sparkState", tenant, null, () -> sparkState);
  }

  @Override
  public ReplayStarted replay(String tenant, ReplayRequest request) {
    return answer("replay", tenant, request, () -> replayStarted);
  }

  @Override
  public SupervisorState controlSpark(String tenant, SparkControl control, ControlRequest request) {
    return answer("controlSpark:" + control, tenant, request, () -> sparkState);
  }

  @Override
  public CheckResult restartSpark(String tenant, ControlRequest request) {
    return answer("restartSpark", tenant, request, () -> check);
  }

  @Override
  public void reportBatch(String tenant, ScalingLoopInput start, BatchReport batch) {
    answer("reportBatch", tenant, batch, () -> null);
  }

  @Override
  public OverrideState setOverride(String tenant, OverrideRequest request) {
    return answer(
        "setOverride",
        tenant,
        request,
        () -> new OverrideState(tenant, request.enableUpScale(), request.enableDownScale()));
  }

  @Override
  public io.logwise.api.workflows.Followed<SyncResult> syncServices(
      String tenant, SyncRequest request) {
    if (handOver != null) {
      answer("syncServices", tenant, request, () -> sync);
      return new io.logwise.api.workflows.Followed.Running<>(
          io.logwise.api.workflows.Operations.SYNC.newId(), handOver);
    }
    return new io.logwise.api.workflows.Followed.Done<>(
        answer("syncServices", tenant, request, () -> sync));
  }

  /** When set, long operations answer that they still run in this run id. */
  volatile String handOver;

  /** What following an operation answers. */
  volatile io.logwise.api.workflows.Followed<?> followed;

  @Override
  public io.logwise.api.workflows.Followed<?> followOperation(
      String tenant, String operationId, String runId) {
    return answer("followOperation", tenant, operationId + "@" + runId, () -> followed);
  }

  @Override
  public LifecycleResult planLifecycle(String tenant, SyncRequest request) {
    return answer("planLifecycle", tenant, request, () -> plan);
  }

  volatile io.logwise.workflows.retention.RetentionActivities.SweepResult sweepPlan;
  volatile io.logwise.workflows.retention.RetentionSyncState retentionState;

  @Override
  public io.logwise.workflows.retention.RetentionSyncState retentionState(String tenant) {
    return answer("retentionState", tenant, null, () -> retentionState);
  }

  @Override
  public io.logwise.api.workflows.Followed<
          io.logwise.workflows.retention.RetentionActivities.SweepResult>
      planSweep(String tenant, SyncRequest request) {
    return new io.logwise.api.workflows.Followed.Done<>(
        answer("planSweep", tenant, request, () -> sweepPlan));
  }

  @Override
  public FreshnessResult freshness(String tenant, FreshnessRequest request) {
    return answer("freshness", tenant, request, () -> freshness);
  }

  @Override
  public PipelineHealth health(String tenant, SyncRequest request) {
    return answer("health", tenant, request, () -> health);
  }

  @Override
  public KafkaPartitionsState partitionsState(String tenant) {
    return answer("partitionsState", tenant, null, () -> partitions);
  }

  @Override
  public io.logwise.workflows.vector.VectorScalerState vectorState(String tenant) {
    return answer("vectorState", tenant, null, () -> vector);
  }

  @Override
  public io.logwise.workflows.planned.PlannedEventsState plannedEvents(String tenant) {
    return answer("plannedEvents", tenant, null, () -> null);
  }

  @Override
  public io.logwise.workflows.planned.PlannedEventView planEvent(
      String tenant, io.logwise.workflows.planned.PlannedEventRequest request) {
    return answer("planEvent", tenant, request, () -> null);
  }

  @Override
  public io.logwise.workflows.planned.PlannedEventView cancelEvent(
      String tenant, io.logwise.workflows.planned.CancelEventRequest request) {
    return answer("cancelEvent", tenant, request, () -> null);
  }

  @Override
  public PartitionEvaluation evaluatePartitions(String tenant, EvaluateRequest request) {
    return answer("evaluatePartitions", tenant, request, () -> evaluation);
  }

  @Override
  public StartedMigration startMigration(MigrationInput input) {
    return answer(
        "startMigration", input.tenant(), input, () -> new StartedMigration("run-1", claim));
  }

  @Override
  public MigrationProgress decideMigration(
      String tenant, String migrationId, MigrationDecision decision, OperatorDecision request) {
    return answer("decideMigration:" + decision, tenant, request, () -> progress);
  }

  @Override
  public void cancelMigration(String tenant, String migrationId) {
    answer("cancelMigration", tenant, migrationId, () -> null);
  }
}
