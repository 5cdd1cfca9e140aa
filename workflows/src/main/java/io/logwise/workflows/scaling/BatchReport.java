package io.logwise.workflows.scaling;

/**
 * One micro-batch report, the {@code batch} signal's input. {@code batchId} makes it idempotent: a
 * report seen before is ignored.
 */
public record BatchReport(
    String batchId,
    long inputRecords,
    long outputBytes,
    long submissionTime,
    long completionTime,
    Integer coresUsed,
    String status,
    Long kafkaLag,
    Boolean enableUpScale,
    Boolean enableDownScale) {}
