package io.logwise.policy.kafka;

/**
 * Everything the partition policy sees about one topic.
 *
 * @param topic the topic's name
 * @param partitions its partition count now
 * @param previous the sample kept from the last evaluation, or null
 * @param current the sample taken now
 * @param lag records the Spark job is behind on this topic (from its latest batch), or null
 * @param lastIncreaseAtMillis when this topic was last grown by us, or 0
 * @param nowMillis the evaluation's time
 */
public record TopicView(
    String topic,
    int partitions,
    TopicSample previous,
    TopicSample current,
    Long lag,
    long lastIncreaseAtMillis,
    long nowMillis) {}
