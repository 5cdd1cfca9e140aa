package io.logwise.store;

/** One row of {@code spark_batch}. */
public record SparkBatchRow(
    String tenant,
    String batchId,
    long inputRecords,
    long outputBytes,
    long submissionTime,
    long completionTime,
    Integer coresUsed,
    String status,
    Long kafkaLag) {}
