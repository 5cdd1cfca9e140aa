package io.logwise.sparklistener;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Posts one record per micro-batch to Logwise. Load it with {@code
 * spark.sql.streaming.streamingQueryListeners=io.logwise.sparklistener.LogwiseBatchListener} and
 * configure {@code spark.logwise.url}, {@code spark.logwise.tenant}, {@code spark.logwise.token} (a
 * {@code listener:<tenant>} token); optional {@code spark.logwise.queueSize} (100), {@code
 * spark.logwise.maxAttempts} (5), {@code spark.logwise.backoffMillis} (500), {@code
 * spark.logwise.kafkaBootstrapServers} (the supervisor sets it: with it, each batch's lag is
 * measured when the batch ended, {@link LagAtEnd}). Without a URL it stays silent.
 *
 * <p>Replaces the reference's stage listener, which stopped the query after each batch (one driver
 * restart per batch) and posted synchronously: this one only observes.
 */
public class LogwiseBatchListener extends StreamingQueryListener {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile BatchSender lastSender;
  private final BatchSender sender;

  public LogwiseBatchListener(SparkConf conf) {
    String url = conf.get("spark.logwise.url", "");
    String tenant = conf.get("spark.logwise.tenant", "");
    String kafka = conf.get("spark.logwise.kafkaBootstrapServers", "");
    this.sender =
        url.isBlank() || tenant.isBlank()
            ? null
            : new BatchSender(
                url,
                tenant,
                conf.get("spark.logwise.token", ""),
                conf.getInt("spark.logwise.queueSize", 100),
                conf.getInt("spark.logwise.maxAttempts", 5),
                conf.getLong("spark.logwise.backoffMillis", 500),
                lagAtEnd(kafka));
    lastSender = sender;
  }

  /**
   * {@link LagAtEnd} on {@code bootstrapServers}; unchanged records without them or kafka-clients.
   */
  private static java.util.function.UnaryOperator<BatchRecord> lagAtEnd(String bootstrapServers) {
    if (bootstrapServers.isBlank()) {
      return r -> r;
    }
    try {
      LagAtEnd lag = LagAtEnd.of(bootstrapServers);
      return lag::apply;
    } catch (RuntimeException | LinkageError e) {
      return r -> r;
    }
  }

  /** The sender of the most recently created listener (for tests and diagnostics). */
  static BatchSender lastSender() {
    return lastSender;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (sender == null) {
      return;
    }
    try {
      sender.offer(record(event.progress()));
    } catch (RuntimeException e) {
      // a malformed progress event must never reach Spark's listener bus
    }
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  static BatchRecord record(StreamingQueryProgress p) {
    long start = Instant.parse(p.timestamp()).toEpochMilli();
    Long trigger = p.durationMs().get("triggerExecution");
    KafkaPositions kafka = KafkaPositions.of(java.util.Arrays.asList(p.sources()));
    return new BatchRecord(
        p.runId() + "-" + p.batchId(),
        p.numInputRows(),
        0,
        start,
        start + (trigger == null ? 0 : trigger),
        coresUsed(),
        "succeeded",
        kafka.totalLag(),
        kafka.endOffsets(),
        kafka.topicLag());
  }

  /**
   * Cores the job runs on now: its live executors' (in local mode the driver is the only one), or
   * null when Spark cannot say. Not the default parallelism, which is at least 2 on one core and
   * whatever {@code spark.default.parallelism} says when an operator sets it.
   */
  static Integer coresUsed() {
    try {
      scala.Option<org.apache.spark.sql.SparkSession> session =
          org.apache.spark.sql.SparkSession.getDefaultSession();
      return session.isDefined() ? executorCores(session.get().sparkContext()) : null;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The live executors' cores, the driver's only when it is the one executor (local mode). */
  static int executorCores(org.apache.spark.SparkContext sc) {
    int executors = 0;
    int driver = 0;
    for (org.apache.spark.status.api.v1.ExecutorSummary e :
        scala.jdk.javaapi.CollectionConverters.asJava(sc.statusStore().executorList(true))) {
      if ("driver".equals(e.id())) { // Spark's id for the driver in its executor list
        driver = e.totalCores();
      } else {
        executors += e.totalCores();
      }
    }
    return executors > 0 || !sc.isLocal() ? executors : driver;
  }

  /** Σ (latest − end) over a Kafka source's partitions; null for other sources. */
  static Long kafkaLag(SourceProgress s) {
    return KafkaPositions.offsets(s.endOffset()) == null
        ? null
        : KafkaPositions.of(java.util.List.of(s)).totalLag();
  }
}
