package io.logwise.policy.scaling;

/**
 * One micro-batch as the Spark listener reported it. {@code coresUsed} may be null: the reference's
 * NOT NULL column dropped such batches and with them the scaling they would trigger.
 *
 * @param kafkaLag records behind the latest offsets when the batch ended, or null
 * @param endOffsetSum Σ of the batch's end offsets (records read through), or null
 * @param partitions Kafka partitions the job reads, or null
 */
public record BatchSample(
    long inputRecords,
    long outputBytes,
    long submissionTime,
    long completionTime,
    Integer coresUsed,
    String status,
    Long kafkaLag,
    Long endOffsetSum,
    Integer partitions) {

  public BatchSample(
      long inputRecords,
      long outputBytes,
      long submissionTime,
      long completionTime,
      Integer coresUsed,
      String status) {
    this(
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        null,
        null,
        null);
  }

  /** Σ of the latest offsets when the batch ended (read through + behind), or null. */
  public Long latestOffsetSum() {
    return endOffsetSum == null || kafkaLag == null ? null : endOffsetSum + kafkaLag;
  }
}
