package io.logwise.policy.spark;

import java.util.Objects;

/** What the supervisor does after one look: nothing, wait, adopt a live driver, or submit. */
public record SupervisorDecision(Action action, String reason, String adoptSubmissionId) {

  /** The four outcomes. */
  public enum Action {
    NONE,
    WAIT,
    ADOPT,
    SUBMIT
  }

  public SupervisorDecision {
    Objects.requireNonNull(action);
    Objects.requireNonNull(reason);
    if ((action == Action.ADOPT) != (adoptSubmissionId != null)) {
      throw new IllegalArgumentException("ADOPT, and only ADOPT, names a submission");
    }
  }

  public static SupervisorDecision none(String reason) {
    return new SupervisorDecision(Action.NONE, reason, null);
  }

  public static SupervisorDecision waitFor(String reason) {
    return new SupervisorDecision(Action.WAIT, reason, null);
  }

  public static SupervisorDecision adopt(String submissionId) {
    return new SupervisorDecision(
        Action.ADOPT, "a driver of ours is already alive: " + submissionId, submissionId);
  }

  public static SupervisorDecision submit(String reason) {
    return new SupervisorDecision(Action.SUBMIT, reason, null);
  }
}
