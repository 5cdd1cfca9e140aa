package io.logwise.workflows.retention;

/**
 * Input of {@link RetentionSyncWorkflow}; every field but {@code tenant} has a default, so {@code
 * temporal workflow start --input '{"tenant":"acme"}'} is enough.
 *
 * @param tenant configured tenant name
 * @param syncIntervalSeconds seconds between timer-driven syncs (default 900)
 * @param maxHistoryEvents continue as new once history is longer than this (default 2000)
 * @param carriedOver state handed over by the previous run on continue-as-new, else null
 */
public record RetentionSyncInput(
    String tenant,
    Long syncIntervalSeconds,
    Integer maxHistoryEvents,
    RetentionSyncState carriedOver) {

  public static final long DEFAULT_SYNC_INTERVAL_SECONDS = 900;
  public static final int DEFAULT_MAX_HISTORY_EVENTS = 2000;

  public static RetentionSyncInput of(String tenant, long syncIntervalSeconds) {
    return new RetentionSyncInput(tenant, syncIntervalSeconds, null, null);
  }

  public long syncIntervalSecondsOrDefault() {
    return syncIntervalSeconds == null ? DEFAULT_SYNC_INTERVAL_SECONDS : syncIntervalSeconds;
  }

  public int maxHistoryEventsOrDefault() {
    return maxHistoryEvents == null ? DEFAULT_MAX_HISTORY_EVENTS : maxHistoryEvents;
  }

  RetentionSyncInput carrying(long intervalSeconds, RetentionSyncState state) {
    return new RetentionSyncInput(tenant, intervalSeconds, maxHistoryEvents, state);
  }
}
