package io.logwise.workflows.kafka;

/**
 * Input of {@link KafkaActivities#increasePartitions}.
 *
 * @param idempotencyKey minted by the workflow; growing to the same count twice is a no-op anyway
 */
public record IncreasePartitionsRequest(
    String tenant, String topic, int targetPartitions, String idempotencyKey) {}
