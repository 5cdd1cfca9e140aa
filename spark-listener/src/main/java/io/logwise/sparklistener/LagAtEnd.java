package io.logwise.sparklistener;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * A batch's Kafka lag when it ended, not when it was planned (measured as its record leaves the
 * listener's queue: right after the batch, later only while the API is away and posts are retried).
 * Spark's progress gives each source's latest offsets as they were at the batch's planning: a batch
 * that took everything there was reports no lag however long it ran, while the records that arrived
 * meanwhile wait (seen on the pipeline in a box: 0 reported behind a 67 s batch at 30 records/s).
 * So, before a record is posted, the partitions it read are asked for their latest offsets now and
 * the lag is {@code latest − end} per topic. Anything that goes wrong (Kafka away, no kafka-clients
 * on the driver) leaves the planning-time figures; it never throws.
 */
final class LagAtEnd implements Function<BatchRecord, BatchRecord>, AutoCloseable {

  private final Function<Map<TopicPartition, Long>, Map<TopicPartition, Long>> latest;
  private final AutoCloseable resource;

  LagAtEnd(
      Function<Map<TopicPartition, Long>, Map<TopicPartition, Long>> latest,
      AutoCloseable resource) {
    this.latest = latest;
    this.resource = resource;
  }

  /** Asks the cluster at {@code bootstrapServers} (an admin client, 2 s per question). */
  static LagAtEnd of(String bootstrapServers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "logwise-batch-listener");
    Admin admin = Admin.create(p);
    return new LagAtEnd(
        partitions -> {
          Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
          partitions.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
          try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> got =
                admin.listOffsets(ask).all().get(2, java.util.concurrent.TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            got.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the sender is being stopped
            return null;
          } catch (Exception e) {
            return null;
          }
        },
        () -> admin.close(Duration.ofSeconds(2)));
  }

  @Override
  public BatchRecord apply(BatchRecord r) {
    if (r.endOffsets() == null || r.endOffsets().isEmpty()) {
      return r;
    }
    try {
      Map<TopicPartition, Long> ends = new HashMap<>();
      r.endOffsets()
          .forEach(
              (topic, parts) ->
                  parts.forEach(
                      (p, o) -> ends.put(new TopicPartition(topic, Integer.parseInt(p)), o)));
      Map<TopicPartition, Long> now = latest.apply(ends);
      if (now == null || !now.keySet().containsAll(ends.keySet())) {
        return r;
      }
      Map<String, Long> lag = new TreeMap<>();
      ends.forEach((tp, end) -> lag.merge(tp.topic(), Math.max(0, now.get(tp) - end), Long::sum));
      return r.withTopicLag(lag);
    } catch (RuntimeException | LinkageError e) {
      return r;
    }
  }

  @Override
  public void close() {
    try {
      resource.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
