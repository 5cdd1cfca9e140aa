package io.logwise.workflows.spark;

import io.logwise.policy.spark.DriverState;

/**
 * The supervisor's word for its driver: the master's {@link DriverState}, plus {@link #NONE} (no
 * driver of ours), {@link #UNREACHABLE} (the master did not answer) and {@link #ALIVE} (a live
 * driver adopted before its state was read).
 */
public enum DriverStatus {
  NONE,
  UNREACHABLE,
  ALIVE,
  SUBMITTED,
  RUNNING,
  RELAUNCHING,
  UNKNOWN,
  KILLED,
  FAILED,
  FINISHED,
  ERROR,
  NOT_FOUND;

  public static DriverStatus of(DriverState state) {
    return state == null ? NONE : valueOf(state.name());
  }

  /** A state string from an activity (the master's words). */
  public static DriverStatus parse(String value) {
    return of(DriverState.parse(value));
  }
}
