package io.logwise.workflows.kafka;

import io.logwise.policy.kafka.PartitionConfig;

/** Input of the {@code configure} signal: knobs from configuration; null = unchanged. */
public record KafkaPartitionsSettings(
    PartitionConfig config, Long intervalSeconds, Boolean dryRun) {}
