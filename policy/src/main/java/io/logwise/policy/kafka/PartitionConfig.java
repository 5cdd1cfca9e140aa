package io.logwise.policy.kafka;

/**
 * A tenant's partition-growth knobs. Rates are records per second, times are seconds.
 *
 * @param partitionRatePerSecond produce rate one partition should carry (the reference's 2000)
 * @param maxLagPerPartition consumer lag one partition may hold before more are needed
 * @param partitionMultiple partition counts are rounded up to a multiple of this (executor cores
 *     per worker, so a batch's tasks spread evenly over each worker's cores)
 * @param maxPartitions never grow a topic beyond this
 * @param cooldownSeconds at most one increase per topic in this long
 * @param minWindowSeconds a rate needs at least this much time between two samples
 * @param maxWindowSeconds samples further apart than this are too old to give a rate
 */
public record PartitionConfig(
    int partitionRatePerSecond,
    long maxLagPerPartition,
    int partitionMultiple,
    int maxPartitions,
    long cooldownSeconds,
    long minWindowSeconds,
    long maxWindowSeconds) {

  /**
   * The reference's rate (2000/s per partition) and window (30 s to 5 min); the lag allowance is
   * five minutes of Spark's per-partition read rate (4000/s × 300 s), the sizing calculator's rule.
   */
  public static final PartitionConfig DEFAULTS =
      new PartitionConfig(2000, 1_200_000, 2, 128, 600, 30, 300);

  public PartitionConfig {
    if (partitionRatePerSecond < 1 || maxLagPerPartition < 1) {
      throw new IllegalArgumentException(
          "partitionRatePerSecond and maxLagPerPartition must be >= 1");
    }
    if (partitionMultiple < 1 || maxPartitions < 1) {
      throw new IllegalArgumentException("partitionMultiple and maxPartitions must be >= 1");
    }
    if (cooldownSeconds < 0 || minWindowSeconds < 1 || maxWindowSeconds < minWindowSeconds) {
      throw new IllegalArgumentException(
          "need cooldownSeconds >= 0 and 1 <= minWindowSeconds <= maxWindowSeconds");
    }
  }
}
