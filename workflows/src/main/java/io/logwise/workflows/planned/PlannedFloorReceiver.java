package io.logwise.workflows.planned;

import io.temporal.workflow.SignalMethod;

/**
 * A workflow that holds a planned event's floor: {@code scaling-loop}, {@code vector-scaler} and
 * {@code kafka-partitions} extend it, and {@code planned-events} signals each through it, typed.
 */
public interface PlannedFloorReceiver {

  /**
   * The floor to hold until {@link PlannedFloor#untilMillis()} (value 0 lifts it). The signal's
   * name, {@code plannedFloor}, is in recorded histories: keep it.
   */
  @SignalMethod
  void plannedFloor(PlannedFloor floor);
}
