package io.logwise.activities.kafka;

import io.logwise.activities.db.DatabaseCalls;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.store.ConsumedOffsetsRow;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import io.logwise.store.PartitionDecisionRow;
import io.logwise.workflows.kafka.IncreasePartitionsRequest;
import io.logwise.workflows.kafka.KafkaActivities;
import io.logwise.workflows.kafka.ObserveTopicsRequest;
import io.logwise.workflows.kafka.PartitionDecisionRecord;
import io.logwise.workflows.kafka.PartitionIncrease;
import io.logwise.workflows.kafka.TopicObservation;
import io.logwise.workflows.kafka.TopicsObserved;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Partition growth on the tenant's current Kafka cluster. */
public class KafkaActivitiesImpl implements KafkaActivities {

  private static final Logger log = LoggerFactory.getLogger(KafkaActivitiesImpl.class);

  /** Lag from a batch older than this says nothing about now. */
  static final Duration LAG_MAX_AGE = Duration.ofMinutes(10);

  private final TenantDirectory tenants;
  private final KafkaClusters clusters;
  private final KafkaDao dao;
  private final Clock clock;

  public KafkaActivitiesImpl(
      TenantDirectory tenants, KafkaClusters clusters, KafkaDao dao, Clock clock) {
    this.tenants = tenants;
    this.clusters = clusters;
    this.dao = dao;
    this.clock = clock;
  }

  @Override
  public TopicsObserved observeTopics(ObserveTopicsRequest request) {
    TenantConfig t = tenants.require(request.tenant());
    String bootstrap = clusters.current(t);
    var pattern = KafkaAdmin.pattern(t.getKafka().getTopicPattern());
    Optional<ConsumedOffsetsRow> consumed =
        DatabaseCalls.call(() -> dao.findConsumed(t.getName(), KafkaClusterKey.of(bootstrap)));
    long now = clock.millis();
    Map<String, Long> lag =
        consumed
            .filter(c -> c.topicLag() != null && now - c.receivedAtMs() <= LAG_MAX_AGE.toMillis())
            .map(c -> OffsetsJson.readPerTopic(c.topicLag()))
            .orElse(Map.of());
    try (KafkaAdmin admin = clusters.connect(t, bootstrap)) {
      Map<String, Integer> partitions = admin.partitions(pattern);
      Map<String, Map<Integer, Long>> ends = admin.endOffsets(partitions);
      List<TopicObservation> topics = new ArrayList<>();
      partitions.forEach(
          (name, count) ->
              topics.add(
                  new TopicObservation(
                      name,
                      count,
                      ends.getOrDefault(name, Map.of()).values().stream()
                          .mapToLong(Long::longValue)
                          .sum(),
                      lag.get(name))));
      return new TopicsObserved(
          bootstrap, clock.millis(), topics, lag.isEmpty() ? null : consumed.get().receivedAtMs());
    }
  }

  @Override
  public PartitionIncrease increasePartitions(IncreasePartitionsRequest request) {
    TenantConfig t = tenants.require(request.tenant());
    String bootstrap = clusters.current(t);
    try (KafkaAdmin admin = clusters.connect(t, bootstrap)) {
      KafkaAdmin.TopicShape before = admin.shapes(List.of(request.topic())).get(request.topic());
      if (before == null) {
        return new PartitionIncrease(request.topic(), 0, 0, false, "topic no longer exists");
      }
      if (before.partitions() >= request.targetPartitions()) {
        return new PartitionIncrease(
            request.topic(),
            before.partitions(),
            before.partitions(),
            false,
            "already has " + before.partitions() + " partitions");
      }
      boolean grown = admin.increasePartitions(request.topic(), request.targetPartitions());
      log.info(
          "tenant {}: topic {} {} {} → {} partitions (key {})",
          t.getName(),
          request.topic(),
          grown ? "grown" : "already at",
          before.partitions(),
          request.targetPartitions(),
          request.idempotencyKey());
      return new PartitionIncrease(
          request.topic(),
          before.partitions(),
          request.targetPartitions(),
          grown,
          grown ? null : "already grown");
    }
  }

  @Override
  public void recordPartitionDecisions(List<PartitionDecisionRecord> records) {
    for (PartitionDecisionRecord r : records) {
      DatabaseCalls.run(
          () ->
              dao.insertPartitionDecision(
                  new PartitionDecisionRow(
                      r.tenant(),
                      r.decisionKey(),
                      r.topic(),
                      r.action().name(),
                      r.currentPartitions(),
                      r.targetPartitions(),
                      r.requiredPartitions(),
                      r.ratePerSecond(),
                      r.lag(),
                      r.reason().name(),
                      truncate(r.explanation()),
                      truncate(r.outcome()),
                      r.decidedAtMillis())));
    }
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 500 ? s : s.substring(0, 497) + "...";
  }
}
