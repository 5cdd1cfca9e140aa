package io.logwise.store;

/** One row of {@code kafka_partition_decision}. */
public record PartitionDecisionRow(
    String tenant,
    String decisionKey,
    String topic,
    String action,
    int currentPartitions,
    int targetPartitions,
    Integer requiredPartitions,
    Double ratePerSecond,
    Long lag,
    String reason,
    String explanation,
    String outcome,
    long decidedAtMs) {}
