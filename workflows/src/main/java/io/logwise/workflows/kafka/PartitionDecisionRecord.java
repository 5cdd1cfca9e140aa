package io.logwise.workflows.kafka;

import io.logwise.policy.kafka.PartitionDecision;

/**
 * One topic's evaluation: the policy's inputs and answer, and what was done.
 *
 * @param reason the policy's reason ({@code RATE}, {@code LAG}, {@code COOLDOWN}, …)
 * @param outcome {@code increased to N}, {@code dry run …}, {@code failed: …}, {@code no change}
 */
public record PartitionDecisionRecord(
    String tenant,
    String decisionKey,
    String topic,
    PartitionDecision.Action action,
    int currentPartitions,
    int targetPartitions,
    Integer requiredPartitions,
    Double ratePerSecond,
    Long lag,
    PartitionDecision.Reason reason,
    String explanation,
    String outcome,
    long decidedAtMillis) {}
