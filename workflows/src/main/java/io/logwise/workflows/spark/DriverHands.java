package io.logwise.workflows.spark;

/**
 * What the supervisor's procedures (replays, cut-overs) need from it: its state, and the two driver
 * steps every procedure is made of. Each step records its effect in the state at once, so a
 * procedure that fails half-way leaves the state telling what happened.
 */
interface DriverHands {

  SupervisorState state();

  void update(java.util.function.UnaryOperator<SupervisorState> change);

  /** Kills our driver (if any) and waits until the master no longer runs it. */
  void stopDriver();

  /** Submits (or adopts) a driver now, reading what the state says. */
  Submitted submit(CheckRequest overrides, String why);

  /** What a submission attempt did. */
  record Submitted(CheckAction action, String submissionId, String reason) {
    CheckResult result(DriverStatus driver) {
      return new CheckResult(driver, action, submissionId, reason);
    }
  }
}
