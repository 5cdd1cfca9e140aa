package io.logwise.store;

/** One row of {@code scaling_decision}; {@code inputs} is JSON, {@code why} a reason code. */
public record ScalingDecisionRow(
    String tenant,
    String decisionKey,
    String batchId,
    String policy,
    String action,
    int actualWorkers,
    Integer expectedWorkers,
    int targetWorkers,
    String why,
    String reason,
    String inputs,
    String outcome,
    long decidedAtMs) {}
