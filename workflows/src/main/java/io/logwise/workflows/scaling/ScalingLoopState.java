package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.AdaptiveMemory;
import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.ScalingMemory;
import java.util.List;

/**
 * What {@code scaling-loop/<tenant>} keeps: the batch window, recent decisions, the override, the
 * batch ids already seen, when it last scaled up and last changed the fleet, the adaptive policy's
 * memory, and the batches not evaluated yet (with how many older ones were folded into the window
 * without an evaluation of their own), and a planned event's floor (null when none was sent).
 * Carried across continue-as-new.
 */
public record ScalingLoopState(
    String tenant,
    List<BatchSample> window,
    List<DecisionRecord> decisions,
    OverrideState override,
    List<String> seenBatchIds,
    long lastScaleUpAtMillis,
    long evaluations,
    long lastChangeAtMillis,
    AdaptiveMemory adaptive,
    List<BatchReport> pendingBatches,
    int foldedBatches,
    io.logwise.workflows.planned.PlannedFloor plannedFloor) {

  public ScalingLoopState {
    window = window == null ? List.of() : List.copyOf(window);
    pendingBatches = pendingBatches == null ? List.of() : List.copyOf(pendingBatches);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    seenBatchIds = seenBatchIds == null ? List.of() : List.copyOf(seenBatchIds);
  }

  /** The policy-side memory in this state. */
  public ScalingMemory memory() {
    return new ScalingMemory(window, lastScaleUpAtMillis, lastChangeAtMillis, adaptive);
  }
}
