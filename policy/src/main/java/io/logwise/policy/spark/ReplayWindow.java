package io.logwise.policy.spark;

import java.time.Instant;

/**
 * The one rule for when a replay may start: from a time not in the future and not older than the
 * allowed age, back to normal (if planned) at a time in the future. The API and the workflow's
 * validator both ask this, so they can never disagree.
 */
public final class ReplayWindow {

  private ReplayWindow() {}

  /** What is wrong with the replay's times, or null when they are fine. */
  public static String problem(
      Long fromTimestamp, Long resumeAt, long nowMillis, long maxReplayAgeSeconds) {
    if (fromTimestamp == null) {
      return "fromTimestamp is required";
    }
    if (fromTimestamp > nowMillis) {
      return "fromTimestamp " + Instant.ofEpochMilli(fromTimestamp) + " is in the future";
    }
    long oldest = nowMillis - maxReplayAgeSeconds * 1000;
    if (fromTimestamp < oldest) {
      return "fromTimestamp "
          + Instant.ofEpochMilli(fromTimestamp)
          + " is before the oldest replayable time "
          + Instant.ofEpochMilli(oldest)
          + " (maxReplayAgeSeconds "
          + maxReplayAgeSeconds
          + ")";
    }
    if (resumeAt != null && resumeAt <= nowMillis) {
      return "resumeAt " + Instant.ofEpochMilli(resumeAt) + " is not in the future";
    }
    return null;
  }
}
