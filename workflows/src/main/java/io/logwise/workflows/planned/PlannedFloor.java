package io.logwise.workflows.planned;

import java.util.List;

/**
 * What {@code planned-events/<tenant>} asks one part of the pipeline to hold, sent as the {@code
 * plannedFloor} signal of {@link PlannedFloorReceiver} to {@code vector-scaler}, {@code
 * scaling-loop} and {@code kafka-partitions}. The receiver holds it by itself until {@code
 * untilMillis} (and carries it across continue-as-new), so a floor never outlives its events even
 * when nothing clears it.
 *
 * @param value instances, workers or partitions (in total, over the tenant's topics); 0 clears
 * @param plannedLogsPerSecond the load it is sized for (150 % of the expected peak)
 * @param untilMillis when the last event holding it ends
 * @param events the events holding it
 */
public record PlannedFloor(
    int value, double plannedLogsPerSecond, long untilMillis, List<String> events) {

  public PlannedFloor {
    events = events == null ? List.of() : List.copyOf(events);
  }

  public static PlannedFloor none() {
    return new PlannedFloor(0, 0, 0, List.of());
  }

  /** Whether this floor holds at {@code nowMillis}. */
  public boolean holdsAt(long nowMillis) {
    return value > 0 && nowMillis < untilMillis;
  }

  /** Null-safe {@link #holdsAt}: the floor's value at {@code nowMillis}, or 0. */
  public static int at(PlannedFloor f, long nowMillis) {
    return f != null && f.holdsAt(nowMillis) ? f.value() : 0;
  }

  /** Which events, in words. */
  public String describe() {
    return "planned event" + (events.size() == 1 ? " " : "s ") + String.join(", ", events);
  }
}
