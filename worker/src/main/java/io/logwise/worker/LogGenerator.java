package io.logwise.worker;

import io.logwise.policy.sim.Trace;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes log records into Kafka as Vector would, following a trace: one topic per service ({@code
 * logs.<service>}), records shared evenly among the services, each trace minute's records sent over
 * {@code 60 / speed} real seconds in even slices of about a second (never before a slice's time),
 * the trace's rates multiplied by {@code scale}. A record is JSON: {@code service_name}, {@code
 * timestamp} (when it was sent, as Vector stamps the event's time), {@code message}, and {@code
 * seq} and {@code trace_minute} so a reader can count what arrived. What Kafka acknowledged is
 * counted per service: the figure a pipeline's output is checked against.
 */
public final class LogGenerator implements AutoCloseable {

  /** The trace minutes to play, how fast, and how much of the trace's rate. */
  public record Plan(
      Trace trace, int fromMinute, int minutes, double speed, double scale, List<String> services) {
    public Plan {
      if (speed <= 0 || scale <= 0) {
        throw new IllegalArgumentException("speed and scale must be positive");
      }
      if (services.isEmpty()) {
        throw new IllegalArgumentException("at least one service");
      }
      if (fromMinute < 0 || minutes < 1 || fromMinute + minutes > trace.recordsPerSecond().length) {
        throw new IllegalArgumentException(
            "minutes "
                + fromMinute
                + ".."
                + (fromMinute + minutes)
                + " are outside the trace's "
                + trace.recordsPerSecond().length);
      }
      services = List.copyOf(services);
    }

    /** The records trace minute {@code m} asks for in all: its rate, scaled, for 60 s. */
    public long recordsIn(int m) {
      return Math.round(trace.recordsPerSecond()[m] * scale * 60);
    }
  }

  /** What Kafka acknowledged, and failed, per service. */
  public record Counts(Map<String, Long> acknowledged, Map<String, Long> failed) {
    public long total() {
      return acknowledged.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Slices a trace minute is sent in: one per real second, so input arrives as steadily as Vector
   * sends it (at most 60, at least 1). Ten slices of six seconds each, at real time, made batches
   * of five seconds see input in bursts: the adaptive loop read a rise, or a backlog, every minute.
   */
  static int slices(double speed) {
    return (int) Math.max(1, Math.min(60, Math.round(60 / speed)));
  }

  private final KafkaProducer<String, String> producer;
  private final String bootstrap;
  private final Clock clock;

  public LogGenerator(String bootstrapServers) {
    this(bootstrapServers, Clock.systemUTC());
  }

  LogGenerator(String bootstrapServers, Clock clock) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    // one request in flight: on a topic created a moment before, the broker answered a batch
    // NOT_LEADER_OR_FOLLOWER although it had appended it, and with the next batches already in
    // flight the retry was refused as out of sequence until the delivery timeout (120 s): a
    // record in Kafka counted as failed (LogGeneratorIT, reproduced every run on a fresh machine)
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    this.producer = new KafkaProducer<>(p);
    this.bootstrap = bootstrapServers;
    this.clock = clock;
  }

  /**
   * Creates {@code logs.<service>} with {@code partitions} where it is missing, and returns once
   * every partition of every service's topic has a leader in the producer's metadata (sending
   * before that only waits in the producer).
   */
  public void createTopics(List<String> services, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String s : services) {
        if (!existing.contains(topic(s))) {
          missing.add(new NewTopic(topic(s), partitions, (short) 1));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    }
    for (String s : services) {
      awaitLeaders(topic(s));
    }
  }

  /** Returns once every partition of {@code topic} has a leader, or fails after a minute. */
  private void awaitLeaders(String topic) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      // partitionsFor asks the broker for fresh metadata while it knows none for the topic
      var known = producer.partitionsFor(topic);
      if (!known.isEmpty() && known.stream().allMatch(p -> p.leader() != null)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(topic + " has partitions without a leader after a minute");
      }
      Thread.sleep(100); // metadata is polled: Kafka sends no event when a leader is elected
    }
  }

  public static String topic(String service) {
    return "logs." + service;
  }

  /**
   * Plays {@code plan}, calling {@code minuteDone} with each trace minute once its records are
   * sent, and returns what Kafka acknowledged once every record is answered.
   */
  public Counts play(Plan plan, IntConsumer minuteDone) throws InterruptedException {
    Map<String, AtomicLong> acked = new LinkedHashMap<>();
    Map<String, AtomicLong> failed = new LinkedHashMap<>();
    for (String s : plan.services()) {
      acked.put(s, new AtomicLong());
      failed.put(s, new AtomicLong());
    }
    int slices = slices(plan.speed());
    long slice = Math.round(60_000.0 / plan.speed() / slices);
    long start = clock.millis();
    long seq = 0;
    int next = 0; // the service the next record goes to: an even share, round the services
    for (int i = 0; i < plan.minutes(); i++) {
      int m = plan.fromMinute() + i;
      long records = plan.recordsIn(m);
      long sent = 0;
      for (int k = 0; k < slices; k++) {
        long due = start + (i * (long) slices + k) * slice;
        long wait = due - clock.millis();
        if (wait > 0) {
          Thread.sleep(wait); // a generator keeps to its schedule: the clock is its input
        }
        long upTo = records * (k + 1) / slices;
        for (; sent < upTo; sent++) {
          String service = plan.services().get(next);
          next = (next + 1) % plan.services().size();
          String value = record(service, seq++, m, Instant.ofEpochMilli(clock.millis()));
          producer.send(
              new ProducerRecord<>(topic(service), value),
              (meta, e) -> (e == null ? acked : failed).get(service).incrementAndGet());
        }
      }
      minuteDone.accept(m);
    }
    producer.flush();
    Map<String, Long> a = new LinkedHashMap<>();
    Map<String, Long> f = new LinkedHashMap<>();
    acked.forEach((s, n) -> a.put(s, n.get()));
    failed.forEach((s, n) -> f.put(s, n.get()));
    return new Counts(a, f);
  }

  static String record(String service, long seq, int traceMinute, Instant at) {
    return "{\"service_name\":\""
        + service
        + "\",\"timestamp\":\""
        + at
        + "\",\"message\":\"generated record "
        + seq
        + " of "
        + service
        + "\",\"seq\":"
        + seq
        + ",\"trace_minute\":"
        + traceMinute
        + "}";
  }

  @Override
  public void close() {
    // bounded: a broker stopped at the same time (Ctrl-C reaches dev's children too) must not hold
    // the producer for its 120 s delivery timeout
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
