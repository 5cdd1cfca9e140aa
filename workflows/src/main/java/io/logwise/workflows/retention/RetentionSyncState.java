package io.logwise.workflows.retention;

/**
 * What {@code retention-sync/<tenant>} knows, returned by its {@code state} query and carried
 * across continue-as-new.
 *
 * @param tenant the tenant
 * @param syncCount syncs completed since the workflow first started
 * @param failureCount syncs that failed since the workflow first started
 * @param lastSync the last successful sync, or null
 * @param lastFailure message of the last failed sync, or null once a later sync succeeded
 * @param lastFailureAtMillis when it failed, or 0
 * @param nextSyncAtMillis when the timer fires next, or 0 while a sync is running
 * @param sweepStartAt where the next expiry sweep run starts (0: a new pass)
 * @param lastHealth the pipeline health last checked (every tick, or on request), or null
 * @param freshnessFailing the last tick's freshness measurement failed (logged once per change)
 */
public record RetentionSyncState(
    String tenant,
    long syncCount,
    long failureCount,
    SyncResult lastSync,
    String lastFailure,
    long lastFailureAtMillis,
    long nextSyncAtMillis,
    int sweepStartAt,
    PipelineHealthActivities.PipelineHealth lastHealth,
    boolean freshnessFailing) {

  static RetentionSyncState initial(String tenant) {
    return new RetentionSyncState(tenant, 0, 0, null, null, 0, 0, 0, null, false);
  }

  /**
   * A sync whose catalog a newer sync has since replaced: only its sweep's progress counts (the
   * newer sync's result and any failure since stand).
   */
  /** Where the next sweep starts after {@code result}'s (a dry run or no sweep: where it was). */
  private int sweepNextAfter(SyncResult result) {
    return result.sweep() == null || result.sweep().dryRun()
        ? sweepStartAt
        : result.sweep().nextStartAt();
  }

  RetentionSyncState sweptAfter(SyncResult result) {
    int sweepNext = sweepNextAfter(result);
    return new RetentionSyncState(
        tenant,
        syncCount + 1,
        failureCount,
        lastSync,
        lastFailure,
        lastFailureAtMillis,
        nextSyncAtMillis,
        sweepNext,
        lastHealth,
        freshnessFailing);
  }

  RetentionSyncState succeeded(SyncResult result) {
    int sweepNext = sweepNextAfter(result);
    return new RetentionSyncState(
        tenant,
        syncCount + 1,
        failureCount,
        result,
        null,
        0,
        0,
        sweepNext,
        lastHealth,
        freshnessFailing);
  }

  RetentionSyncState failed(String message, long atMillis) {
    return new RetentionSyncState(
        tenant,
        syncCount,
        failureCount + 1,
        lastSync,
        message,
        atMillis,
        0,
        sweepStartAt,
        lastHealth,
        freshnessFailing);
  }

  RetentionSyncState nextSyncAt(long atMillis) {
    return new RetentionSyncState(
        tenant,
        syncCount,
        failureCount,
        lastSync,
        lastFailure,
        lastFailureAtMillis,
        atMillis,
        sweepStartAt,
        lastHealth,
        freshnessFailing);
  }

  RetentionSyncState withHealth(PipelineHealthActivities.PipelineHealth health) {
    return new RetentionSyncState(
        tenant,
        syncCount,
        failureCount,
        lastSync,
        lastFailure,
        lastFailureAtMillis,
        nextSyncAtMillis,
        sweepStartAt,
        health,
        freshnessFailing);
  }

  RetentionSyncState withFreshnessFailing(boolean failing) {
    return new RetentionSyncState(
        tenant,
        syncCount,
        failureCount,
        lastSync,
        lastFailure,
        lastFailureAtMillis,
        nextSyncAtMillis,
        sweepStartAt,
        lastHealth,
        failing);
  }
}
