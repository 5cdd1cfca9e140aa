package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.BatchSample;

/**
 * One micro-batch report, the {@code batch} signal's input. {@code batchId} makes it idempotent: a
 * report seen before is ignored.
 *
 * @param kafkaLag records behind the latest offsets at the batch's end, or null
 * @param endOffsetSum Σ of the batch's end offsets, or null (the API sums the listener's map)
 * @param partitions Kafka partitions the job reads, or null
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
    Boolean enableDownScale,
    Long endOffsetSum,
    Integer partitions) {

  public BatchReport(
      String batchId,
      long inputRecords,
      long outputBytes,
      long submissionTime,
      long completionTime,
      Integer coresUsed,
      String status,
      Long kafkaLag,
      Boolean enableUpScale,
      Boolean enableDownScale) {
    this(
        batchId,
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        enableUpScale,
        enableDownScale,
        null,
        null);
  }

  /** The batch as the policy sees it. */
  public BatchSample sample() {
    return new BatchSample(
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        endOffsetSum,
        partitions);
  }
}
