package io.logwise.activities.kafka;

import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * One cluster's admin API in Logwise's words: topics by pattern, partition counts, end offsets,
 * create and grow. Every call is bounded by the timeout; every failure becomes a {@code
 * LogwiseFailures} type here, once: an unreachable or refusing cluster is a retryable {@code
 * LogwiseUnavailable} naming the bootstrap servers, a pattern that does not compile a non-retryable
 * {@code LogwiseBadConfig}. Open one per task and close it (try-with-resources).
 */
public final class KafkaAdmin implements AutoCloseable {

  /** A topic's shape: partitions and the replication factor of its first partition. */
  public record TopicShape(int partitions, int replicationFactor) {}

  private final Admin admin;
  private final String bootstrap;
  private final Duration timeout;

  private KafkaAdmin(Admin admin, String bootstrap, Duration timeout) {
    this.admin = admin;
    this.bootstrap = bootstrap;
    this.timeout = timeout;
  }

  /**
   * Connects, after checking that at least one bootstrap server accepts TCP connections: the admin
   * client would otherwise report a refused connection as a timeout, much later.
   */
  public static KafkaAdmin connect(String bootstrapServers, Duration timeout) {
    refuseFast(bootstrapServers, timeout);
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int ms = (int) timeout.toMillis();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
    p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1000);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "logwise");
    return new KafkaAdmin(Admin.create(p), bootstrapServers, timeout);
  }

  /**
   * Fails at once, with {@code LogwiseUnavailable} naming the servers and why, when no bootstrap
   * server accepts a TCP connection.
   */
  public static void requireReachable(String bootstrapServers, Duration timeout) {
    refuseFast(bootstrapServers, timeout);
  }

  private static void refuseFast(String bootstrapServers, Duration timeout) {
    List<String> refused = new ArrayList<>();
    for (String server : bootstrapServers.split(",")) {
      String s = server.trim();
      int colon = s.lastIndexOf(':');
      if (colon < 1) {
        throw LogwiseFailures.badConfig("Kafka bootstrap server '" + s + "' is not host:port");
      }
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))),
            (int) Math.min(timeout.toMillis(), 3000));
        return;
      } catch (IOException | IllegalArgumentException e) {
        refused.add(s + " (" + io.logwise.activities.Problems.describe(e) + ")");
      }
    }
    throw LogwiseFailures.unavailable(
        "Kafka at " + bootstrapServers + " cannot be reached: " + String.join(", ", refused), null);
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public static Pattern pattern(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw LogwiseFailures.badConfig(
          "kafka.topicPattern '" + regex + "' is not a regular expression: " + e.getDescription());
    }
  }

  /** Names of the non-internal topics whose whole name matches {@code pattern}, sorted. */
  public List<String> topics(Pattern pattern) {
    return get("list topics", admin.listTopics(new ListTopicsOptions().listInternal(false)).names())
        .stream()
        .filter(n -> pattern.matcher(n).matches())
        .sorted()
        .toList();
  }

  /** The partition count of each topic whose whole name matches {@code pattern}, by name. */
  public Map<String, Integer> partitions(Pattern pattern) {
    Map<String, Integer> out = new TreeMap<>();
    shapes(topics(pattern)).forEach((name, shape) -> out.put(name, shape.partitions()));
    return out;
  }

  /** Partition count and replication factor of each topic; topics that do not exist are absent. */
  public Map<String, TopicShape> shapes(Collection<String> topics) {
    Map<String, TopicShape> out = new TreeMap<>();
    if (topics.isEmpty()) {
      return out;
    }
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(topics).topicNameValues();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : described.entrySet()) {
      String what = "describe " + e.getKey();
      try {
        TopicDescription d = await(what, e.getValue());
        out.put(
            e.getKey(),
            new TopicShape(
                d.partitions().size(),
                d.partitions().isEmpty() ? 1 : d.partitions().get(0).replicas().size()));
      } catch (UnknownTopicOrPartitionException missing) {
        // absent from the answer
      } catch (ApplicationFailure f) {
        throw f;
      } catch (RuntimeException other) {
        throw failed(what, other);
      }
    }
    return out;
  }

  /** End offset (high watermark) of every partition of the given topics. */
  public Map<String, Map<Integer, Long>> endOffsets(Map<String, Integer> partitions) {
    return offsets(partitions, OffsetSpec.latest(), "list end offsets");
  }

  /** Earliest offset still held (after retention) of every partition of the given topics. */
  public Map<String, Map<Integer, Long>> earliestOffsets(Map<String, Integer> partitions) {
    return offsets(partitions, OffsetSpec.earliest(), "list earliest offsets");
  }

  private Map<String, Map<Integer, Long>> offsets(
      Map<String, Integer> partitions, OffsetSpec spec, String what) {
    Map<TopicPartition, OffsetSpec> wanted = new java.util.HashMap<>();
    partitions.forEach(
        (topic, count) -> {
          for (int p = 0; p < count; p++) {
            wanted.put(new TopicPartition(topic, p), spec);
          }
        });
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    get(what, admin.listOffsets(wanted).all())
        .forEach(
            (tp, info) ->
                out.computeIfAbsent(tp.topic(), k -> new TreeMap<>())
                    .put(tp.partition(), info.offset()));
    return out;
  }

  /** Brokers in the cluster. */
  public int brokerCount() {
    return get("describe cluster", admin.describeCluster().nodes()).size();
  }

  /** Creates a topic; one that already exists is fine (false). */
  public boolean createTopic(String topic, int partitions, short replicationFactor) {
    String what = "create " + topic;
    try {
      await(
          what,
          admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all());
      return true;
    } catch (TopicExistsException e) {
      return false;
    } catch (ApplicationFailure f) {
      throw f;
    } catch (RuntimeException e) {
      throw failed(what, e);
    }
  }

  /**
   * Grows a topic to {@code partitions}. Increase only: a topic that already has at least that many
   * is fine (false), so a retry after a lost answer does nothing.
   */
  public boolean increasePartitions(String topic, int partitions) {
    String what = "grow " + topic + " to " + partitions + " partitions";
    try {
      await(
          what, admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all());
      return true;
    } catch (InvalidPartitionsException e) {
      TopicShape now = shapes(List.of(topic)).get(topic);
      if (now != null && now.partitions() >= partitions) {
        return false;
      }
      throw failed(what, e);
    } catch (ApplicationFailure f) {
      throw f;
    } catch (RuntimeException e) {
      throw failed(what, e);
    }
  }

  /** Waits within the timeout; any Kafka error becomes a {@code LogwiseUnavailable}. */
  private <T> T get(String what, KafkaFuture<T> future) {
    try {
      return await(what, future);
    } catch (ApplicationFailure f) {
      throw f;
    } catch (RuntimeException e) {
      throw failed(what, e);
    }
  }

  /** Waits within the timeout; Kafka's own errors come out as they are, timeouts as failures. */
  private <T> T await(String what, KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut(what);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw timedOut(what);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw failed(what, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LogwiseFailures.unavailable("interrupted while waiting for Kafka at " + bootstrap, e);
    }
  }

  private ApplicationFailure timedOut(String what) {
    return LogwiseFailures.unavailable(
        "Kafka at "
            + bootstrap
            + " did not answer '"
            + what
            + "' within "
            + timeout.toSeconds()
            + "s",
        null);
  }

  private ApplicationFailure failed(String what, Throwable cause) {
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return LogwiseFailures.unavailable(
        "Kafka at " + bootstrap + ": " + what + " failed: " + message, null);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
