package io.logwise.workflows.kafka;

import io.logwise.policy.kafka.TopicSample;

/**
 * What the loop keeps per topic between evaluations.
 *
 * @param baseline the sample the next rate is measured from (durable: survives restarts)
 * @param lastIncreaseAtMillis when we last grew the topic, or 0
 * @param lastDecision the latest evaluation of the topic
 */
public record TopicState(
    int partitions,
    TopicSample baseline,
    long lastIncreaseAtMillis,
    PartitionDecisionRecord lastDecision) {}
