package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.BatchSample;
import java.util.List;

/**
 * What {@code scaling-loop/<tenant>} keeps: the batch window, recent decisions, the override, the
 * batch ids already seen, when it last scaled up. Carried across continue-as-new.
 */
public record ScalingLoopState(
    String tenant,
    List<BatchSample> window,
    List<DecisionRecord> decisions,
    OverrideState override,
    List<String> seenBatchIds,
    long lastScaleUpAtMillis,
    long evaluations) {

  public ScalingLoopState {
    window = window == null ? List.of() : List.copyOf(window);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    seenBatchIds = seenBatchIds == null ? List.of() : List.copyOf(seenBatchIds);
  }
}
