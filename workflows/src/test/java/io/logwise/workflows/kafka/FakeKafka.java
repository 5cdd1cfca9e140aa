package io.logwise.workflows.kafka;

import io.logwise.workflows.LogwiseFailures;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Topics whose end offsets grow at a set rate per second of the test clock, partition counts that
 * grow when asked, and a switch to make the cluster unreachable.
 */
public class FakeKafka implements KafkaActivities {

  /** One topic: partitions now, records per second produced, lag Spark reports. */
  public static final class Topic {
    public volatile int partitions;
    volatile double ratePerSecond;
    volatile Long lag;

    public Topic(int partitions, double ratePerSecond) {
      this.partitions = partitions;
      this.ratePerSecond = ratePerSecond;
    }
  }

  public final Map<String, Topic> topics = new ConcurrentHashMap<>();
  public final List<IncreasePartitionsRequest> increases = new CopyOnWriteArrayList<>();
  final List<PartitionDecisionRecord> recorded = new CopyOnWriteArrayList<>();
  volatile boolean reachable = true;
  volatile String bootstrap = "old:9092";
  private final LongSupplier clock;

  public FakeKafka(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public TopicsObserved observeTopics(ObserveTopicsRequest request) {
    if (!reachable) {
      throw LogwiseFailures.unavailable(
          "Kafka at " + bootstrap + " did not answer within 10s", null);
    }
    long now = clock.getAsLong();
    Map<String, Topic> sorted = new TreeMap<>(topics);
    return new TopicsObserved(
        bootstrap,
        now,
        sorted.entrySet().stream()
            .map(
                e ->
                    new TopicObservation(
                        e.getKey(),
                        e.getValue().partitions,
                        (long) (e.getValue().ratePerSecond * now / 1000.0),
                        e.getValue().lag))
            .toList(),
        null);
  }

  @Override
  public PartitionIncrease increasePartitions(IncreasePartitionsRequest request) {
    increases.add(request);
    Topic t = topics.get(request.topic());
    int before = t.partitions;
    if (before >= request.targetPartitions()) {
      return new PartitionIncrease(request.topic(), before, before, false, "already has " + before);
    }
    t.partitions = request.targetPartitions();
    return new PartitionIncrease(request.topic(), before, t.partitions, true, null);
  }

  @Override
  public void recordPartitionDecisions(List<PartitionDecisionRecord> records) {
    recorded.addAll(records);
  }
}
