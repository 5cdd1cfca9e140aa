package io.logwise.workflows.kafka;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code kafka-partitions/<tenant>} knows: each topic's baseline and last decision, the recent
 * increases, and how the last evaluation went. Carried across continue-as-new; the rate baseline
 * lives here, never in process memory (the reference lost it on every restart).
 *
 * @param recentIncreases the last 50 decisions that grew (or, in dry run, would grow) a topic
 * @param plannedFloor a planned event's partitions over all topics (null when none was sent)
 */
public record KafkaPartitionsState(
    String tenant,
    String bootstrapServers,
    Map<String, TopicState> topics,
    List<PartitionDecisionRecord> recentIncreases,
    long evaluations,
    long lastEvaluatedAtMillis,
    String lastError,
    io.logwise.workflows.planned.PlannedFloor plannedFloor) {

  private static final int KEPT_INCREASES = 50;

  public KafkaPartitionsState {
    topics = topics == null ? Map.of() : new TreeMap<>(topics);
    recentIncreases = recentIncreases == null ? List.of() : List.copyOf(recentIncreases);
  }

  static KafkaPartitionsState initial(String tenant) {
    return new KafkaPartitionsState(tenant, null, Map.of(), List.of(), 0, 0, null, null);
  }

  KafkaPartitionsState withFloor(io.logwise.workflows.planned.PlannedFloor floor) {
    return new KafkaPartitionsState(
        tenant,
        bootstrapServers,
        topics,
        recentIncreases,
        evaluations,
        lastEvaluatedAtMillis,
        lastError,
        floor);
  }

  /** After a successful evaluation: topics gone from the cluster are dropped. */
  KafkaPartitionsState evaluated(
      String bootstrap,
      Map<String, TopicState> next,
      List<PartitionDecisionRecord> increases,
      long atMillis) {
    List<PartitionDecisionRecord> kept =
        new java.util.ArrayList<>(recentIncreases.size() + increases.size());
    kept.addAll(recentIncreases);
    kept.addAll(increases);
    List<PartitionDecisionRecord> tail =
        kept.subList(Math.max(0, kept.size() - KEPT_INCREASES), kept.size());
    return new KafkaPartitionsState(
        tenant, bootstrap, next, tail, evaluations + 1, atMillis, null, plannedFloor);
  }

  KafkaPartitionsState failed(String error, long atMillis) {
    return new KafkaPartitionsState(
        tenant,
        bootstrapServers,
        topics,
        recentIncreases,
        evaluations + 1,
        atMillis,
        error,
        plannedFloor);
  }
}
