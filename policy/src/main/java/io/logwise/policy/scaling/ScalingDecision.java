package io.logwise.policy.scaling;

import java.util.Objects;

/**
 * The outcome of one evaluation, built only through {@link #scaleTo} and {@link #noChange}.
 *
 * @param targetWorkers workers after the decision (the actual count on NONE)
 * @param expectedWorkers the clamped expectation, null when it cannot be computed
 * @param why the reason as a code (what tests and dashboards look at); {@code reason} says it in
 *     words, with the numbers
 * @param sizing the rates behind a rate-based decision, or null
 * @param memory what the policy remembers for the next evaluation, or null
 */
public record ScalingDecision(
    Action action,
    int targetWorkers,
    Integer expectedWorkers,
    Why why,
    String reason,
    Sizing sizing,
    AdaptiveMemory memory) {

  /** What to do with the fleet. */
  public enum Action {
    UPSCALE,
    DOWNSCALE,
    NONE
  }

  /** Why a decision is what it is. */
  public enum Why {
    /** Scaled to what the policy sized (the only reason of UPSCALE and DOWNSCALE). */
    SIZED,
    /** The fleet already has what is needed. */
    AT_TARGET,
    /** Too few batches, or nothing to size from. */
    NOT_ENOUGH_DATA,
    /** The fleet reports no workers. */
    NO_WORKERS,
    BOTH_DISABLED,
    UPSCALE_DISABLED,
    DOWNSCALE_DISABLED,
    /** Classic: no WAL file under {@code _spark_metadata}. */
    NO_WAL,
    /** Classic: the latest WAL file is a compaction. */
    WAL_COMPACTED,
    /** Classic: no downscale right before a WAL compaction. */
    BEFORE_COMPACTION,
    /** The change is smaller than the minimum step. */
    BELOW_MIN_STEP,
    /** Adaptive: no scale-down while a backlog drains. */
    BACKLOG_DRAINING,
    /** Adaptive: too soon after the last change. */
    STABILISING,
    /** Adaptive: fewer not asked for over the whole scale-down window. */
    WINDOW_NOT_SETTLED,
    /** Adaptive: the last scale-up did not add capacity. */
    INEFFECTIVE_UPSCALE,
    /**
     * Adaptive: the input rose in one report only; the next confirms it before workers are added.
     */
    SURGE_UNCONFIRMED,
    /** Adaptive: no batch has run yet on the workers of the last scale-up. */
    AWAITING_WORKERS,
    /** The loop could not observe the fleet, the master or the WAL. */
    CANNOT_OBSERVE,
    /** Fewer were asked for, but a planned event holds the fleet where it is. */
    PLANNED_FLOOR,
    /** Adaptive (revision 11): the input is falling; its workers go once it levels. */
    STILL_FALLING,
    /** Adaptive (revision 11): a surge's fleet is not released in part soon after it was raised. */
    SURGE_FLEET_HELD
  }

  public ScalingDecision {
    Objects.requireNonNull(action);
    Objects.requireNonNull(why);
    Objects.requireNonNull(reason);
    if ((action == Action.NONE) == (why == Why.SIZED)) {
      throw new IllegalArgumentException("SIZED is the reason of a change, and only of a change");
    }
  }

  public static ScalingDecision scaleTo(int actual, int target, Integer expected, String reason) {
    if (target == actual || target < 0) {
      throw new IllegalArgumentException(
          "a scaling decision changes the count: " + actual + " -> " + target);
    }
    return new ScalingDecision(
        target > actual ? Action.UPSCALE : Action.DOWNSCALE,
        target,
        expected,
        Why.SIZED,
        reason,
        null,
        null);
  }

  public static ScalingDecision noChange(int actual, Integer expected, Why why, String reason) {
    return new ScalingDecision(Action.NONE, actual, expected, why, reason, null, null);
  }

  public ScalingDecision with(Sizing s, AdaptiveMemory m) {
    return new ScalingDecision(action, targetWorkers, expectedWorkers, why, reason, s, m);
  }
}
