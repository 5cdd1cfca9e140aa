package io.logwise.policy.kafka;

/** A topic's size at one moment: the sum of its partitions' end offsets (records ever produced). */
public record TopicSample(long endOffsetSum, long atMillis) {}
