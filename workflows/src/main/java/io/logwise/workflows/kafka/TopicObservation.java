package io.logwise.workflows.kafka;

/**
 * One topic as seen now.
 *
 * @param endOffsetSum Σ of its partitions' end offsets (records ever produced)
 * @param lag records the Spark job was behind on it at its newest recent batch, or null
 */
public record TopicObservation(String topic, int partitions, long endOffsetSum, Long lag) {}
