package io.logwise.policy.spark;

import java.time.Duration;

/**
 * Decides whether to start a driver. Never two: anything alive, or a submission still within its
 * grace period, or any other live driver of the tenant's application, means no submission.
 */
public final class SupervisorPolicy {

  private SupervisorPolicy() {}

  public static SupervisorDecision decide(SupervisorView v) {
    if (v.paused()) {
      return SupervisorDecision.none("supervision is paused");
    }
    if (v.stoppedReason() != null) {
      return SupervisorDecision.none("supervision stopped: " + v.stoppedReason());
    }
    if (v.ourState() != null && v.ourState().isAlive()) {
      return SupervisorDecision.none("driver is " + v.ourState());
    }
    if (v.ourSubmittedAt() != null
        && (v.ourState() == null || v.ourState() == DriverState.NOT_FOUND)
        && Duration.between(v.ourSubmittedAt(), v.now()).compareTo(v.submitGrace()) < 0) {
      return SupervisorDecision.waitFor("our submission is younger than the grace period");
    }
    if (!v.otherLiveDrivers().isEmpty()) {
      return SupervisorDecision.adopt(driverToAdopt(v.otherLiveDrivers()));
    }
    if (v.backoffUntil() != null && v.now().isBefore(v.backoffUntil())) {
      return SupervisorDecision.waitFor(
          "backing off after repeated crashes until " + v.backoffUntil());
    }
    return SupervisorDecision.submit(
        v.ourState() == null ? "no driver of ours" : "driver is " + v.ourState());
  }

  /** How long after the master answers again a driver it does not know is not yet gone. */
  public static final Duration MASTER_BACK_GRACE = Duration.ofSeconds(60);

  /**
   * The wait that replaces a submission for a driver the master does not know, shortly after the
   * master answered again, or null when {@code decided} stands. A master restarted without recovery
   * forgets its drivers at once, but the old driver keeps running on its worker until that worker
   * re-registers (22 s after, seen): submitting now would run two drivers.
   *
   * @param ourSubmissionId the driver the master does not know, for the reason
   */
  public static SupervisorDecision masterBackGrace(
      SupervisorView v, SupervisorDecision decided, String ourSubmissionId) {
    if (decided.action() != SupervisorDecision.Action.SUBMIT
        || v.ourState() != DriverState.NOT_FOUND
        || v.masterBackAt() == null) {
      return null;
    }
    long since = Duration.between(v.masterBackAt(), v.now()).toMillis();
    if (since >= MASTER_BACK_GRACE.toMillis()) {
      return null;
    }
    return SupervisorDecision.waitFor(
        "the master answers again since "
            + since / 1000
            + " s; waiting up to "
            + MASTER_BACK_GRACE.toSeconds()
            + " s for its workers to re-register before deciding "
            + ourSubmissionId
            + " is gone");
  }

  /**
   * Whether a driver on the master is a live one of the tenant's job: its main class is the
   * tenant's and it is alive. Such a driver is adopted instead of submitting a second one — by the
   * decision above and by the submission activity's last check before it submits.
   */
  public static boolean isLiveOfOurs(String tenantMainClass, String mainClass, String state) {
    return tenantMainClass != null
        && tenantMainClass.equals(mainClass)
        && DriverState.parse(state).isAlive();
  }

  /** Which of several live drivers of ours to adopt (the first the master lists), or null. */
  public static String driverToAdopt(java.util.List<String> liveOfOurs) {
    return liveOfOurs.isEmpty() ? null : liveOfOurs.get(0);
  }
}
