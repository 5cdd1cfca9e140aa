package io.logwise.workflows.spark;

/**
 * Tunables of {@code spark-supervisor/<tenant>}, all in seconds; null means "the default" (or, in
 * {@code applySettings}, "unchanged").
 *
 * @param pollIntervalSeconds how often the master is observed (15)
 * @param submitGraceSeconds a fresh submission counts as alive this long (60)
 * @param backoffBaseSeconds wait after the 2nd consecutive crash, doubling after (30)
 * @param backoffCapSeconds longest wait between restarts (600)
 * @param stablePeriodSeconds uptime that resets the crash count (3600)
 * @param maxReplayAgeSeconds oldest replay start accepted, e.g. Kafka's retention (604800)
 * @param resumeOverlapSeconds the normal job restarts this long before the replay stopped (60)
 */
public record SupervisorSettings(
    Long pollIntervalSeconds,
    Long submitGraceSeconds,
    Long backoffBaseSeconds,
    Long backoffCapSeconds,
    Long stablePeriodSeconds,
    Long maxReplayAgeSeconds,
    Long resumeOverlapSeconds) {

  public static final SupervisorSettings DEFAULTS =
      new SupervisorSettings(15L, 60L, 30L, 600L, 3600L, 604800L, 60L);

  /** These settings with gaps filled from {@code base}. */
  public SupervisorSettings over(SupervisorSettings base) {
    return new SupervisorSettings(
        pick(pollIntervalSeconds, base.pollIntervalSeconds),
        pick(submitGraceSeconds, base.submitGraceSeconds),
        pick(backoffBaseSeconds, base.backoffBaseSeconds),
        pick(backoffCapSeconds, base.backoffCapSeconds),
        pick(stablePeriodSeconds, base.stablePeriodSeconds),
        pick(maxReplayAgeSeconds, base.maxReplayAgeSeconds),
        pick(resumeOverlapSeconds, base.resumeOverlapSeconds));
  }

  /** Null when every value is usable, else what is wrong. */
  public String problem() {
    if (pollIntervalSeconds < 1 || submitGraceSeconds < 0 || backoffBaseSeconds < 1) {
      return "pollIntervalSeconds and backoffBaseSeconds must be >= 1, submitGraceSeconds >= 0";
    }
    if (backoffCapSeconds < backoffBaseSeconds || stablePeriodSeconds < 1) {
      return "backoffCapSeconds must be >= backoffBaseSeconds, stablePeriodSeconds >= 1";
    }
    if (maxReplayAgeSeconds < 1 || resumeOverlapSeconds < 0) {
      return "maxReplayAgeSeconds must be >= 1, resumeOverlapSeconds >= 0";
    }
    return null;
  }

  private static Long pick(Long value, Long fallback) {
    return value != null ? value : fallback;
  }
}
