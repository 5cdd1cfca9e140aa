package io.logwise.workflows.kafka;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The partition-growth loop's eyes and hands on the tenant's Kafka cluster. */
@ActivityInterface
public interface KafkaActivities {

  /**
   * Lists the topics matching the tenant's {@code kafka.topicPattern} on the cluster its pipeline
   * uses now (after a migration, the new one), with partition counts and end-offset sums, and the
   * Spark job's lag per topic from its newest batch report if that is recent. Read only. Fails with
   * {@code LogwiseUnavailable} naming the bootstrap servers when the cluster does not answer within
   * {@code kafka.requestTimeout}, {@code LogwiseBadConfig} when the pattern does not compile.
   */
  @ActivityMethod
  TopicsObserved observeTopics(ObserveTopicsRequest request);

  /**
   * Grows a topic to {@code targetPartitions}. Increase only: a topic that already has as many (or
   * more) is a success with {@code changed=false}, so a retry after a lost answer is harmless.
   */
  @ActivityMethod
  PartitionIncrease increasePartitions(IncreasePartitionsRequest request);

  /** Stores evaluations in {@code kafka_partition_decision}; idempotent per decision key. */
  @ActivityMethod
  void recordPartitionDecisions(List<PartitionDecisionRecord> records);
}
