package io.logwise.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A Spark standalone master whose drivers are stand-ins for the Logwise Spark job: each submitted
 * driver is a Kafka consumer on the submission's {@code kafka.bootstrap.servers} that starts from
 * its checkpoint in the bucket when there is one (as Spark does) and otherwise from the
 * submission's {@code kafka.startingOffsets} (per-partition JSON, {@code earliest} or {@code
 * latest}); partitions that appear later start from earliest. Each micro-batch counts the sequence
 * numbers it read, writes its checkpoint, writes a log object for the freshness sample service, and
 * posts a listener-shaped report (with end offsets and lag) to the Logwise API. The REST and {@code
 * /json/} endpoints answer like a Spark master.
 */
final class SparkStandIn implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String MAIN_CLASS = "com.logwise.spark.MainApplication";

  /** Every sequence number read by any driver, and how many times. */
  final Map<Long, AtomicInteger> consumed = new ConcurrentHashMap<>();

  final List<Map<String, Object>> submissions = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicInteger maxAlive = new AtomicInteger();

  /** Called with the driver id when a kill arrives, before the driver stops. */
  volatile Consumer<String> onKill = id -> {};

  /** Called with each submission's body before it is answered (a test's fault goes here). */
  volatile Consumer<Map<String, Object>> onSubmit = body -> {};

  /** Submissions answered so far. */
  final java.util.concurrent.atomic.AtomicInteger answered =
      new java.util.concurrent.atomic.AtomicInteger();

  private final HttpServer http;
  private final S3Client s3;
  private final String bucket;
  private final String apiBase;
  private final String token;
  private final String tenant;
  private final Map<String, Driver> drivers = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1);

  SparkStandIn(S3Client s3, String bucket, String apiBase, String token, String tenant)
      throws IOException {
    this.s3 = s3;
    this.bucket = bucket;
    this.apiBase = apiBase;
    this.token = token;
    this.tenant = tenant;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(Executors.newCachedThreadPool());
    http.createContext("/json/", this::json);
    http.createContext("/v1/submissions/create", this::create);
    http.createContext("/v1/submissions/status/", this::status);
    http.createContext("/v1/submissions/kill/", this::kill);
    http.start();
  }

  int port() {
    return http.getAddress().getPort();
  }

  long alive() {
    return drivers.values().stream().filter(d -> d.state.equals("RUNNING")).count();
  }

  /** The driver reading {@code bootstrap} now, or null. */
  Driver runningOn(String bootstrap) {
    return drivers.values().stream()
        .filter(d -> d.state.equals("RUNNING") && d.bootstrap.equals(bootstrap))
        .findFirst()
        .orElse(null);
  }

  // ---- the master's HTTP side --------------------------------------------------------------

  private void json(HttpExchange ex) throws IOException {
    List<Map<String, Object>> active = new ArrayList<>();
    List<Map<String, Object>> done = new ArrayList<>();
    drivers
        .values()
        .forEach(
            d -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("id", d.id);
              m.put("state", d.state);
              m.put("mainclass", MAIN_CLASS);
              m.put("worker", "worker-1");
              (d.state.equals("RUNNING") ? active : done).add(m);
            });
    answer(
        ex,
        200,
        Map.of(
            "aliveworkers",
            1,
            "workers",
            List.of(),
            "activedrivers",
            active,
            "completeddrivers",
            done));
  }

  @SuppressWarnings("unchecked")
  private void create(HttpExchange ex) throws IOException {
    Map<String, Object> body = JSON.readValue(ex.getRequestBody(), new TypeReference<>() {});
    submissions.add(body);
    Map<String, String> args = new HashMap<>();
    for (String a : (List<String>) body.get("appArgs")) {
      int eq = a.indexOf('=');
      args.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String id = "driver-" + next.getAndIncrement();
    Driver d =
        new Driver(id, args.get("kafka.bootstrap.servers"), args.get("kafka.startingOffsets"));
    drivers.put(id, d);
    maxAlive.accumulateAndGet((int) alive(), Math::max);
    d.thread.start();
    onSubmit.accept(body);
    answer(
        ex, 200, Map.of("action", "CreateSubmissionResponse", "success", true, "submissionId", id));
    answered.incrementAndGet();
  }

  private void status(HttpExchange ex) throws IOException {
    String id = ex.getRequestURI().getPath().substring("/v1/submissions/status/".length());
    Driver d = drivers.get(id);
    answer(
        ex,
        200,
        d == null
            ? Map.of("success", false, "message", "unknown driver " + id)
            : Map.of("success", true, "submissionId", id, "driverState", d.state));
  }

  private void kill(HttpExchange ex) throws IOException {
    String id = ex.getRequestURI().getPath().substring("/v1/submissions/kill/".length());
    Driver d = drivers.get(id);
    boolean running = d != null && d.state.equals("RUNNING");
    answer(ex, 200, Map.of("success", running, "submissionId", id));
    if (running) {
      Executors.newSingleThreadExecutor()
          .execute(
              () -> {
                onKill.accept(id);
                d.stop();
              });
    }
  }

  private static void answer(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(bytes);
    }
  }

  // ---- a driver ----------------------------------------------------------------------------

  /** One driver: a consumer thread with a checkpoint in the bucket. */
  final class Driver {
    final String id;
    final String bootstrap;
    final String startingOffsets;
    volatile String state = "RUNNING";
    private volatile boolean stopping;
    private final CountDownLatch stopped = new CountDownLatch(1);
    final Thread thread;
    final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

    Driver(String id, String bootstrap, String startingOffsets) {
      this.id = id;
      this.bootstrap = bootstrap;
      this.startingOffsets = startingOffsets;
      this.thread = new Thread(this::run, "spark-stand-in-" + id);
      thread.setDaemon(true);
    }

    void stop() {
      stopping = true;
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void run() {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
      try (KafkaConsumer<String, String> c =
          new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
        Map<String, Map<String, Long>> checkpoint = readCheckpoint();
        Map<String, Map<String, Long>> starting = parseStarting();
        long batch = 0;
        while (!stopping) {
          assignNew(c, checkpoint, starting);
          var records = c.poll(Duration.ofMillis(200));
          long n = 0;
          for (ConsumerRecord<String, String> r : records) {
            consumed
                .computeIfAbsent(Long.parseLong(r.value()), k -> new AtomicInteger())
                .incrementAndGet();
            n++;
          }
          boolean moved = false;
          for (TopicPartition tp : c.assignment()) {
            long pos = c.position(tp);
            Long before = positions.put(tp, pos);
            moved |= before == null || before != pos;
          }
          if (moved) {
            batch++;
            writeCheckpoint();
            writeLogObject(batch);
            report(c, batch, n);
          }
        }
      } catch (RuntimeException e) {
        state = "ERROR";
        e.printStackTrace();
      } finally {
        if (!state.equals("ERROR")) {
          state = "KILLED";
        }
        stopped.countDown();
      }
    }

    private void assignNew(
        KafkaConsumer<String, String> c,
        Map<String, Map<String, Long>> checkpoint,
        Map<String, Map<String, Long>> starting) {
      Set<TopicPartition> have = c.assignment();
      List<TopicPartition> all = new ArrayList<>();
      for (Map.Entry<String, List<PartitionInfo>> t :
          c.listTopics(Duration.ofSeconds(5)).entrySet()) {
        if (Pattern.matches("^logs.*", t.getKey())) {
          t.getValue().forEach(pi -> all.add(new TopicPartition(pi.topic(), pi.partition())));
        }
      }
      if (have.containsAll(all)) {
        return;
      }
      c.assign(all);
      for (TopicPartition tp : all) {
        if (have.contains(tp)) {
          continue;
        }
        Long from = at(checkpoint, tp);
        if (from == null
            && !"latest".equals(startingOffsets)
            && !"earliest".equals(startingOffsets)) {
          from = at(starting, tp);
        }
        if (from != null && from >= 0) {
          c.seek(tp, from);
        } else if (from == null && "latest".equals(startingOffsets) && positions.isEmpty()) {
          c.seekToEnd(List.of(tp));
        } else {
          c.seekToBeginning(List.of(tp));
        }
      }
    }

    private Long at(Map<String, Map<String, Long>> offsets, TopicPartition tp) {
      return offsets.getOrDefault(tp.topic(), Map.of()).get(String.valueOf(tp.partition()));
    }

    private Map<String, Map<String, Long>> parseStarting() {
      if (startingOffsets == null || !startingOffsets.trim().startsWith("{")) {
        return Map.of();
      }
      try {
        return JSON.readValue(startingOffsets, new TypeReference<>() {});
      } catch (IOException e) {
        throw new IllegalStateException("bad startingOffsets " + startingOffsets, e);
      }
    }

    private String checkpointKey() {
      return "checkpoint/application/offsets/latest.json";
    }

    private Map<String, Map<String, Long>> readCheckpoint() {
      try {
        return JSON.readValue(
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(checkpointKey())).asByteArray(),
            new TypeReference<>() {});
      } catch (NoSuchKeyException e) {
        return Map.of();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private Map<String, Map<String, Long>> offsetMap() {
      Map<String, Map<String, Long>> out = new TreeMap<>();
      positions.forEach(
          (tp, o) ->
              out.computeIfAbsent(tp.topic(), k -> new TreeMap<>())
                  .put(String.valueOf(tp.partition()), o));
      return out;
    }

    private void writeCheckpoint() {
      try {
        s3.putObject(
            b -> b.bucket(bucket).key(checkpointKey()),
            RequestBody.fromBytes(JSON.writeValueAsBytes(offsetMap())));
        s3.putObject(
            b -> b.bucket(bucket).key("logs/_spark_metadata/0"), RequestBody.fromString("v1"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private void writeLogObject(long batch) {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      String key =
          String.format(
              "logs/service_name=healthcheck-dummy/year=%04d/month=%02d/day=%02d/hour=%02d/minute=%02d/part-%s-%d.parquet",
              now.getYear(),
              now.getMonthValue(),
              now.getDayOfMonth(),
              now.getHour(),
              now.getMinute(),
              id,
              batch);
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
    }

    private void report(KafkaConsumer<String, String> c, long batch, long n) {
      Map<TopicPartition, Long> ends = c.endOffsets(positions.keySet(), Duration.ofSeconds(5));
      Map<String, Long> lag = new TreeMap<>();
      ends.forEach(
          (tp, end) ->
              lag.merge(tp.topic(), Math.max(0, end - positions.getOrDefault(tp, 0L)), Long::sum));
      long now = System.currentTimeMillis();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("batchId", id + "-" + batch);
      body.put("inputRecords", n);
      body.put("outputBytes", 0);
      body.put("submissionTime", now - 1);
      body.put("completionTime", now);
      body.put("status", "succeeded");
      body.put("kafkaLag", lag.values().stream().mapToLong(Long::longValue).sum());
      body.put("endOffsets", offsetMap());
      body.put("topicLag", lag);
      try {
        Http.Reply r =
            Http.send(
                "POST",
                apiBase + "/api/v1/tenants/" + tenant + "/batches",
                token,
                null,
                JSON.writeValueAsString(body));
        if (r.status() != 202) {
          System.err.println("stand-in report refused: " + r.status() + " " + r.body());
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("stand-in report failed: " + e);
      }
    }
  }

  @Override
  public void close() {
    drivers.values().forEach(Driver::stop);
    http.stop(0);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
