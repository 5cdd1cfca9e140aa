package io.logwise.workflows.vector;

import io.logwise.policy.vector.VectorPolicy;
import java.util.List;

/**
 * What {@code vector-scaler/<tenant>} keeps: the last minutes of Vector's metrics, when it last
 * acted, its recent decisions (newest last), how many minutes it has looked at, and a planned
 * event's floor (null when none was sent) with the instances it was sized to when it arrived (0
 * until then).
 */
public record VectorScalerState(
    String tenant,
    List<VectorPolicy.Sample> window,
    long lastActionAtMillis,
    List<VectorDecisionRecord> decisions,
    long minutes,
    io.logwise.workflows.planned.PlannedFloor plannedFloor,
    int plannedInstances) {

  public VectorScalerState {
    window = window == null ? List.of() : List.copyOf(window);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }
}
