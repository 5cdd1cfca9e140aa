package io.logwise.policy.scaling;

/**
 * One micro-batch as the Spark listener reported it. {@code coresUsed} may be null: the reference's
 * NOT NULL column dropped such batches and with them the scaling they would trigger.
 */
public record BatchSample(
    long inputRecords,
    long outputBytes,
    long submissionTime,
    long completionTime,
    Integer coresUsed,
    String status) {}
