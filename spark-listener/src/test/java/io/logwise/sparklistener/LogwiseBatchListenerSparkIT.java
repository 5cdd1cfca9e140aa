package io.logwise.sparklistener;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real local Spark session runs a small streaming query (rate source, noop sink); the listener
 * posts each micro-batch to a local HTTP server. Then the server goes away: the query keeps running
 * and the listener counts what it dropped.
 */
@Tag("spark")
class LogwiseBatchListenerSparkIT {

  private static final String TOKEN = "listener-token-0123456789";

  private static long waitFor(java.util.function.LongSupplier value, long atLeast, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (value.getAsLong() < atLeast && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    return value.getAsLong();
  }

  @Test
  void postsOneRecordPerBatchAndNeverFailsTheQuery() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> auth = new CopyOnWriteArrayList<>();
    List<String> paths = new CopyOnWriteArrayList<>();
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          auth.add(ex.getRequestHeaders().getFirst("Authorization"));
          paths.add(ex.getRequestURI().getPath());
          ex.sendResponseHeaders(202, 2);
          try (OutputStream o = ex.getResponseBody()) {
            o.write("{}".getBytes(StandardCharsets.UTF_8));
          }
        });
    api.start();
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("listener-it")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            // the job's cores are its executors', not the parallelism an operator configured
            .config("spark.default.parallelism", "5")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config(
                "spark.sql.streaming.streamingQueryListeners", LogwiseBatchListener.class.getName())
            .config("spark.logwise.url", "http://127.0.0.1:" + api.getAddress().getPort() + "/")
            .config("spark.logwise.tenant", "acme")
            .config("spark.logwise.token", TOKEN)
            .config("spark.logwise.maxAttempts", "2")
            .config("spark.logwise.backoffMillis", "100")
            .getOrCreate();
    try {
      StreamingQuery query =
          spark
              .readStream()
              .format("rate")
              .option("rowsPerSecond", "50")
              .load()
              .writeStream()
              .format("noop")
              .trigger(Trigger.ProcessingTime(500))
              .start();
      BatchSender sender = LogwiseBatchListener.lastSender();
      assertThat(sender).isNotNull();

      assertThat(waitFor(bodies::size, 3, 60_000)).isGreaterThanOrEqualTo(3);
      String body = bodies.get(bodies.size() - 1);
      assertThat(body)
          .containsPattern("\"batchId\":\"[0-9a-f-]+-\\d+\"")
          .contains("\"status\":\"succeeded\"")
          .contains("\"inputRecords\":");
      assertThat(body).containsPattern("\"completionTime\":\\d{13}");
      assertThat(body)
          .as("local[2]'s cores, not spark.default.parallelism")
          .contains("\"coresUsed\":2");
      assertThat(auth).allMatch(("Bearer " + TOKEN)::equals);
      assertThat(paths).allMatch("/api/v1/tenants/acme/batches"::equals);
      assertThat(
              bodies.stream()
                  .map(b -> b.replaceAll(".*\"batchId\":\"([^\"]+)\".*", "$1"))
                  .distinct()
                  .count())
          .isEqualTo(bodies.size());

      api.stop(0); // the orchestrator goes away
      long dropped = waitFor(sender::dropped, 2, 60_000);
      assertThat(dropped)
          .as("records dropped and counted, not queued forever")
          .isGreaterThanOrEqualTo(2);
      long batchesBefore = query.lastProgress().batchId();
      Thread.sleep(2000);
      assertThat(query.isActive()).as("the query keeps running").isTrue();
      assertThat(query.exception().isEmpty()).isTrue();
      assertThat(query.lastProgress().batchId()).isGreaterThan(batchesBefore);
      query.stop();
    } finally {
      spark.stop();
      api.stop(0);
    }
  }

  @Test
  void kafkaLagIsLatestMinusEndSummedOverPartitions() {
    org.apache.spark.sql.streaming.SourceProgress kafka =
        new org.apache.spark.sql.streaming.SourceProgress(
            "KafkaV2[SubscribePattern[^logs.*]]",
            "{\"logs.orders\":{\"0\":100,\"1\":50}}",
            "{\"logs.orders\":{\"0\":150,\"1\":70}}",
            "{\"logs.orders\":{\"0\":190,\"1\":70}}",
            10,
            1.0,
            1.0,
            java.util.Map.of());
    assertThat(LogwiseBatchListener.kafkaLag(kafka)).isEqualTo(40L);
    KafkaPositions positions = KafkaPositions.of(java.util.List.of(kafka));
    assertThat(positions.endOffsets())
        .isEqualTo(java.util.Map.of("logs.orders", java.util.Map.of("0", 150L, "1", 70L)));
    assertThat(positions.topicLag()).isEqualTo(java.util.Map.of("logs.orders", 40L));
  }

  @Test
  void aBatchRecordCarriesItsOffsetsAsTheApiReadsThem() {
    BatchRecord r =
        new BatchRecord(
            "run-1-7",
            10,
            0,
            1000,
            2000,
            4,
            "succeeded",
            40L,
            java.util.Map.of("logs.orders", java.util.Map.of("0", 150L)),
            java.util.Map.of("logs.orders", 40L));
    assertThat(r.toJson())
        .contains("\"endOffsets\":{\"logs.orders\":{\"0\":150}}")
        .contains("\"topicLag\":{\"logs.orders\":40}")
        .contains("\"batchId\":\"run-1-7\"");
    assertThat(new BatchRecord("a b", 1, 0, 1, 2, null, "succeeded", null, null, null).toJson())
        .contains("\"batchId\":\"a_b\"")
        .doesNotContain("endOffsets");
  }
}
