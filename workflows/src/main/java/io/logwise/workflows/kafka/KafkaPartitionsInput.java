package io.logwise.workflows.kafka;

import io.logwise.policy.kafka.PartitionConfig;

/**
 * Input of {@link KafkaPartitionsWorkflow}; {@code --input '{"tenant":"acme"}'} uses the defaults.
 *
 * @param config the policy's knobs, null for {@link PartitionConfig#DEFAULTS}
 * @param intervalSeconds how often to evaluate (60)
 * @param dryRun decide and record, never grow a topic
 * @param maxHistoryEvents continue as new past this many events (2000)
 * @param carriedOver state from the previous run, else null
 */
public record KafkaPartitionsInput(
    String tenant,
    PartitionConfig config,
    Long intervalSeconds,
    Boolean dryRun,
    Integer maxHistoryEvents,
    KafkaPartitionsState carriedOver) {

  public static KafkaPartitionsInput of(
      String tenant, PartitionConfig config, long intervalSeconds, boolean dryRun) {
    return new KafkaPartitionsInput(tenant, config, intervalSeconds, dryRun, null, null);
  }

  int maxHistoryEventsOrDefault() {
    return maxHistoryEvents == null ? 2000 : maxHistoryEvents;
  }

  long intervalSecondsOrDefault() {
    return intervalSeconds == null ? 60 : intervalSeconds;
  }
}
