package io.logwise.workflows.retention;

/**
 * Input of the {@code applySettings} signal: settings from the worker's configuration, sent on
 * every worker start so that a changed config reaches a running workflow.
 *
 * @param syncIntervalSeconds seconds between timer-driven syncs; null leaves it unchanged
 */
public record RetentionSyncSettings(Long syncIntervalSeconds) {

  /** The shortest interval, the same as the configuration's {@code retention.syncInterval}. */
  public static final long MIN_INTERVAL_SECONDS = 10;
}
