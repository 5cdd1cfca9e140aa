package io.logwise.workflows.retention;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code retention-sync/<tenant>}: keeps the tenant's service catalog in line with its bucket.
 *
 * <p>Syncs once on start, then every {@code syncIntervalSeconds} on a workflow timer (no Schedules,
 * so it runs on the embedded test server too), and whenever the {@code syncNow} update asks. Syncs
 * never overlap: timer and update take the same workflow lock. A failed timer-driven sync is
 * recorded in the state and retried at the next tick; the workflow itself does not fail. It
 * continues as new once its history passes {@code maxHistoryEvents} or the server suggests it,
 * after every running update has finished, carrying its state over.
 */
@WorkflowInterface
public interface RetentionSyncWorkflow {

  @WorkflowMethod
  void run(RetentionSyncInput input);

  /**
   * Syncs now and returns what the sync did. Fails with {@code LogwiseSyncFailed} when the sync
   * gave up after its retries (the workflow keeps running).
   */
  @UpdateMethod
  SyncResult syncNow(SyncRequest request);

  /** Rejects a request whose reason is longer than {@link SyncRequest#MAX_REASON_LENGTH}. */
  @UpdateValidatorMethod(updateName = "syncNow")
  void validateSyncNow(SyncRequest request);

  /**
   * Applies settings from configuration; takes effect from the next wait. An interval below one
   * second is ignored (and logged), since a signal cannot be refused.
   */
  @SignalMethod
  void applySettings(RetentionSyncSettings settings);

  /** The lifecycle changes a reconcile would make now, without making them. */
  @UpdateMethod
  RetentionActivities.LifecycleResult planLifecycle(SyncRequest request);

  /**
   * Refuses (with {@code LogwiseFailures.HISTORY_FULL}) while the history is past its limit and the
   * run is about to continue as new, so updates cannot grow a run without bound. The same check
   * guards every update of this workflow.
   */
  @UpdateValidatorMethod(updateName = "planLifecycle")
  void validatePlanLifecycle(SyncRequest request);

  @UpdateValidatorMethod(updateName = "planSweep")
  void validatePlanSweep(SyncRequest request);

  @UpdateValidatorMethod(updateName = "freshness")
  void validateFreshness(RetentionActivities.FreshnessRequest request);

  @UpdateValidatorMethod(updateName = "health")
  void validateHealth(SyncRequest request);

  /**
   * What the expiry sweep would delete now (a dry run of one bounded run from the first service),
   * without deleting anything.
   */
  @UpdateMethod
  RetentionActivities.SweepResult planSweep(SyncRequest request);

  /** Measures log freshness now (the sample service when {@code services} is null). */
  @UpdateMethod
  RetentionActivities.FreshnessResult freshness(RetentionActivities.FreshnessRequest request);

  /** Checks the pipeline (Vector, Kafka, Spark, S3) now. */
  @UpdateMethod
  PipelineHealthActivities.PipelineHealth health(SyncRequest request);

  @QueryMethod
  RetentionSyncState state();
}
