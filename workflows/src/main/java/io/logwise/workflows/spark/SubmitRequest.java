package io.logwise.workflows.spark;

/**
 * Input of {@link SparkDriverActivities#submitDriver}. Carries no secrets: the activity loads them
 * from the worker's configuration.
 *
 * @param tenant the tenant
 * @param idempotencyKey minted by the workflow; one key, at most one submission
 * @param startingOffsetsTimestamp epoch millis to start reading Kafka from, or null for the
 *     configured {@code startingOffsets} (a checkpoint, when present, wins in Spark anyway)
 * @param subscribeMode {@code assign} (replay: the job assigns partitions from the timestamp) or
 *     {@code pattern} (normal: subscribe by pattern); null means pattern
 * @param driverCores overrides {@code spark.driverCores}, or null
 * @param driverMemoryGb overrides {@code spark.driverMemory} as {@code <n>G}, or null
 * @param bootstrapServers the Kafka cluster to read, or null for the tenant's current one
 * @param startingOffsetsMigrationId start from the per-partition offsets a cluster migration
 *     recorded (partitions that appeared later from earliest), or null
 */
public record SubmitRequest(
    String tenant,
    String idempotencyKey,
    Long startingOffsetsTimestamp,
    SubscribeMode subscribeMode,
    Integer driverCores,
    Integer driverMemoryGb,
    String bootstrapServers,
    String startingOffsetsMigrationId) {

  public SubmitRequest(
      String tenant,
      String idempotencyKey,
      Long startingOffsetsTimestamp,
      SubscribeMode subscribeMode,
      Integer driverCores,
      Integer driverMemoryGb) {
    this(
        tenant,
        idempotencyKey,
        startingOffsetsTimestamp,
        subscribeMode,
        driverCores,
        driverMemoryGb,
        null,
        null);
  }
}
