package io.logwise.store;

/**
 * The Spark job's newest read position on one cluster (row of {@code spark_consumed_offsets});
 * {@code endOffsets} is {@code {"topic":{"partition":offset}}} JSON, {@code topicLag} is {@code
 * {"topic":lag}} JSON or null.
 */
public record ConsumedOffsetsRow(
    String tenant,
    String clusterKey,
    String bootstrapServers,
    String batchId,
    long completionTime,
    String endOffsets,
    String topicLag,
    long receivedAtMs) {}
