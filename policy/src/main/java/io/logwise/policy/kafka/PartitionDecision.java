package io.logwise.policy.kafka;

import java.util.Objects;

/**
 * What to do with one topic, built only through {@link #increaseTo} and {@link #noChange}.
 *
 * @param targetPartitions partitions after the decision (the current count on NONE)
 * @param requiredPartitions what rate and lag ask for before rounding and capping, or null
 * @param ratePerSecond produce rate measured over the window, or null when there was none
 * @param lag the lag used, or null
 */
public record PartitionDecision(
    Action action,
    int currentPartitions,
    int targetPartitions,
    Integer requiredPartitions,
    Double ratePerSecond,
    Long lag,
    Reason reason,
    String explanation) {

  /** Whether the topic grows. */
  public enum Action {
    INCREASE,
    NONE
  }

  /** Why, as a stable name an operator (or a test) can match on. */
  public enum Reason {
    RATE,
    LAG,
    ENOUGH_PARTITIONS,
    AT_MAX_PARTITIONS,
    COOLDOWN,
    NO_BASELINE,
    WINDOW_TOO_SHORT,
    WINDOW_TOO_LONG,
    /** A planned event needs more: its partitions, shared by the topics' measured rates. */
    PLANNED_EVENT
  }

  public PartitionDecision {
    Objects.requireNonNull(action);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(explanation);
  }

  public static PartitionDecision increaseTo(
      int current,
      int target,
      int required,
      Double rate,
      Long lag,
      Reason reason,
      String explanation) {
    if (target <= current) {
      throw new IllegalArgumentException(
          "partitions only grow: " + current + " -> " + target + " is not an increase");
    }
    return new PartitionDecision(
        Action.INCREASE, current, target, required, rate, lag, reason, explanation);
  }

  public static PartitionDecision noChange(
      int current, Integer required, Double rate, Long lag, Reason reason, String explanation) {
    return new PartitionDecision(
        Action.NONE, current, current, required, rate, lag, reason, explanation);
  }
}
