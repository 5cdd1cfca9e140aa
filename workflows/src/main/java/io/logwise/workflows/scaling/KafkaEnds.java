package io.logwise.workflows.scaling;

/**
 * Σ of the latest offsets of a tenant's topics, read between batch reports (adaptive revision 10).
 *
 * @param latestOffsetSum Σ of the latest offset (high watermark) of every partition of the topics
 *     the tenant's {@code kafka.topicPattern} matches, on its current cluster
 * @param topics how many topics that summed
 */
public record KafkaEnds(long latestOffsetSum, int topics) {}
