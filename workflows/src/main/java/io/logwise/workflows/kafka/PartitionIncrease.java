package io.logwise.workflows.kafka;

/** What {@link KafkaActivities#increasePartitions} did. */
public record PartitionIncrease(
    String topic, int partitionsBefore, int partitionsAfter, boolean changed, String message) {}
