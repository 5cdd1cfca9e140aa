package io.logwise.policy.spark;

import java.util.Locale;

/**
 * A Spark standalone driver's state as the master reports it, plus {@link #NOT_FOUND} when the
 * master does not know the submission.
 */
public enum DriverState {
  SUBMITTED,
  RUNNING,
  RELAUNCHING,
  UNKNOWN,
  KILLED,
  FAILED,
  FINISHED,
  ERROR,
  NOT_FOUND;

  /**
   * Alive means "do not start another": the reference counted only RUNNING, so a driver still
   * SUBMITTED or RELAUNCHING (supervise) got a twin. UNKNOWN (the master lost its worker) counts as
   * alive too: it may come back.
   */
  public boolean isAlive() {
    return this == SUBMITTED || this == RUNNING || this == RELAUNCHING || this == UNKNOWN;
  }

  /** Ended on its own: a crash (FAILED, ERROR) or an exit (FINISHED). KILLED is a request. */
  public boolean isCrash() {
    return this == FAILED || this == ERROR || this == FINISHED;
  }

  public static DriverState parse(String value) {
    if (value == null || value.isBlank()) {
      return NOT_FOUND;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}
