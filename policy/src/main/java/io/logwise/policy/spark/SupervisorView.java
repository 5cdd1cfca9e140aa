package io.logwise.policy.spark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the supervisor knows at one look at the master.
 *
 * @param ourState state of the driver we submitted, or null when we have none
 * @param ourSubmittedAt when we submitted it, or null
 * @param otherLiveDrivers live drivers of this tenant's application that we did not submit
 * @param now the current (workflow) time
 * @param submitGrace how long a fresh submission counts as alive even if the master does not show
 *     it yet
 * @param backoffUntil no submission before this, or null
 * @param paused supervision paused by an operator
 * @param stoppedReason why supervision stopped (e.g. the master rejected our submission), or null
 * @param masterBackAt when the master answered again after it was unreachable, or null
 */
public record SupervisorView(
    DriverState ourState,
    Instant ourSubmittedAt,
    List<String> otherLiveDrivers,
    Instant now,
    Duration submitGrace,
    Instant backoffUntil,
    boolean paused,
    String stoppedReason,
    Instant masterBackAt) {

  public SupervisorView {
    otherLiveDrivers = otherLiveDrivers == null ? List.of() : List.copyOf(otherLiveDrivers);
  }
}
