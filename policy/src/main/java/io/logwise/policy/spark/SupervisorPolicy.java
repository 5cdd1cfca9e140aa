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
