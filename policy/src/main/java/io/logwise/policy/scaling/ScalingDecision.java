package io.logwise.policy.scaling;

import java.util.Objects;

/**
 * The outcome of one evaluation, built only through {@link #scaleTo} and {@link #noChange}.
 *
 * @param targetWorkers workers after the decision (the actual count on NONE)
 * @param expectedWorkers the clamped expectation, null when it cannot be computed
 * @param sizing the rates behind a rate-based decision, or null
 * @param memory what the policy remembers for the next evaluation, or null
 */
public record ScalingDecision(
    Action action,
    int targetWorkers,
    Integer expectedWorkers,
    String reason,
    Sizing sizing,
    AdaptiveMemory memory) {

  /** What to do with the fleet. */
  public enum Action {
    UPSCALE,
    DOWNSCALE,
    NONE
  }

  public ScalingDecision {
    Objects.requireNonNull(action);
    Objects.requireNonNull(reason);
  }

  public static ScalingDecision scaleTo(int actual, int target, Integer expected, String reason) {
    if (target == actual || target < 0) {
      throw new IllegalArgumentException(
          "a scaling decision changes the count: " + actual + " -> " + target);
    }
    return new ScalingDecision(
        target > actual ? Action.UPSCALE : Action.DOWNSCALE, target, expected, reason, null, null);
  }

  public static ScalingDecision noChange(int actual, Integer expected, String reason) {
    return new ScalingDecision(Action.NONE, actual, expected, reason, null, null);
  }

  public ScalingDecision with(Sizing s, AdaptiveMemory m) {
    return new ScalingDecision(action, targetWorkers, expectedWorkers, reason, s, m);
  }
}
