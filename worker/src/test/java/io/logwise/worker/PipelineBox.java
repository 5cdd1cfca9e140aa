package io.logwise.worker;

import io.logwise.activities.support.KafkaBrokers;
import io.logwise.embedded.LocalMoto;
import io.logwise.embedded.LocalSpark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The pipeline in a box for the closed-loop tests: a real KRaft broker, a real Spark master with
 * the tenant's workers as a {@code local} fleet, moto's S3, and the whole product (Temporal dev
 * server, database, worker, API) configured for one tenant {@code acme} whose driver is the
 * project's streaming job with the batch listener posting to the API.
 */
final class PipelineBox implements AutoCloseable {

  static final String ADMIN = "box-admin-0123456789";
  static final String LISTENER = "box-listener-0123456789";
  static final String JOB_MAIN = "io.logwise.job.LogwiseStreamingJob";

  final KafkaBrokers kafka;
  final LocalSpark spark;
  final String bucket;
  final LogwiseStack stack;
  private final List<AutoCloseable> started = new ArrayList<>();

  /**
   * @param scaling the tenant's {@code scaling:} block (flow YAML)
   * @param microsPerRecord the job's work per record
   * @param maxOffsetsPerTrigger the most records a batch takes (0: all there are)
   * @param local the tenant's {@code fleet.local} block (flow YAML)
   */
  PipelineBox(
      String name, String scaling, long microsPerRecord, long maxOffsetsPerTrigger, String local)
      throws Exception {
    Path jar = jobJar();
    kafka = started(KafkaBrokers.start());
    spark = started(LocalSpark.startMaster(Path.of("target", name + "-" + shortId())));
    bucket = name + "-" + shortId();
    try (S3Client s3 = MotoAws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    String yaml =
        LogwiseStack.ADMIN_AND_ACME_LISTENER
            + """
            tenants:
              - name: acme
                spark:
                  masterHost: 127.0.0.1
                  masterWebPort: %d
                  restPort: %d
                  masterPort: %d
                  jarPath: 'file:%s'
                  mainClass: %s
                  clientSparkVersion: '4.2.0'
                  driverMemory: 512m
                  executorMemory: 512m
                  startingOffsets: earliest
                  pollInterval: 2s
                  restartBackoff: 2s
                  submitGrace: 30s
                  sparkProperties:
                    spark.dynamicAllocation.enabled: 'false'
                    spark.shuffle.service.enabled: 'false'
                    spark.sql.streaming.streamingQueryListeners: io.logwise.sparklistener.LogwiseBatchListener
                    spark.logwise.url: 'http://127.0.0.1:${API_PORT}'
                    spark.logwise.tenant: acme
                    spark.logwise.token: '${LISTENER}'
                    spark.logwise.job.microsPerRecord: '%d'
                    spark.logwise.job.trigger: '5 seconds'
                    spark.logwise.job.maxOffsetsPerTrigger: '%s'
                kafka: {bootstrapServers: '%s'}
                objectStore: {bucket: %s, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
                fleet:
                  type: local
                  local: %s
                scaling: %s
            """
                .formatted(
                    spark.webPort(),
                    spark.restPort(),
                    spark.masterPort(),
                    jar,
                    JOB_MAIN,
                    microsPerRecord,
                    maxOffsetsPerTrigger > 0 ? String.valueOf(maxOffsetsPerTrigger) : "",
                    kafka.bootstrapServers(),
                    bucket,
                    local,
                    scaling);
    stack = LogwiseStack.withApi(name, yaml, s -> Map.of("ADMIN", ADMIN, "LISTENER", LISTENER));
    stack.start();
  }

  private <T extends AutoCloseable> T started(T resource) {
    started.add(resource);
    return resource;
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 6);
  }

  /** The streaming job's jar, built by the streaming-job module. */
  static Path jobJar() {
    for (Path p :
        List.of(
            Path.of("..", "streaming-job", "target", "logwise-streaming-job.jar"),
            Path.of("streaming-job", "target", "logwise-streaming-job.jar"))) {
      if (Files.exists(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("no streaming job jar: build the streaming-job module");
  }

  /** One row of a query's result. */
  @FunctionalInterface
  private interface Row<T> {
    T read(java.sql.ResultSet r) throws java.sql.SQLException;
  }

  /** Every row of {@code sql} on the stack's database. */
  private <T> List<T> rows(String sql, Row<T> row) throws java.sql.SQLException {
    List<T> out = new ArrayList<>();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(stack.jdbcUrl(), "logwise", "logwise");
        java.sql.ResultSet r = c.createStatement().executeQuery(sql)) {
      while (r.next()) {
        out.add(row.read(r));
      }
    }
    return out;
  }

  /** Σ input records of the batches the listener reported (the {@code spark_batch} table). */
  long reportedRecords() throws java.sql.SQLException {
    return rows(
            "SELECT COALESCE(SUM(input_records), 0) FROM spark_batch WHERE tenant = 'acme'",
            r -> r.getLong(1))
        .get(0);
  }

  /**
   * A batch the listener reported: when, how long, how many records, the lag after it, the executor
   * cores it had (or null).
   */
  record Batch(
      String id,
      long submittedMillis,
      long durationMillis,
      long records,
      Long lag,
      Integer cores) {}

  /** The batches the listener reported, oldest first. */
  List<Batch> batches() throws java.sql.SQLException {
    return rows(
        "SELECT batch_id, submission_time, completion_time, input_records, kafka_lag, cores_used"
            + " FROM spark_batch WHERE tenant = 'acme' ORDER BY submission_time",
        r -> {
          long lag = r.getLong(5);
          Long known = r.wasNull() ? null : lag;
          int cores = r.getInt(6);
          Integer coresKnown = r.wasNull() ? null : cores;
          return new Batch(
              r.getString(1),
              r.getLong(2),
              r.getLong(3) - r.getLong(2),
              r.getLong(4),
              known,
              coresKnown);
        });
  }

  /** The tenant's scaling settings, as the loop runs them. */
  io.logwise.policy.scaling.ScalingConfig scaling() {
    return stack.config().getTenants().stream()
        .filter(t -> t.getName().equals("acme"))
        .findFirst()
        .orElseThrow()
        .getScaling()
        .toConfig();
  }

  /** A decision the loop acted on (its outcome says the fleet changed). */
  record Acted(String action, int from, int to, long atMillis) {}

  /** The decisions that changed the fleet, oldest first. */
  List<Acted> acted() throws java.sql.SQLException {
    return rows(
        "SELECT action, actual_workers, target_workers, decided_at_ms FROM scaling_decision"
            + " WHERE tenant = 'acme' AND outcome LIKE 'desired %' ORDER BY decided_at_ms",
        r -> new Acted(r.getString(1), r.getInt(2), r.getInt(3), r.getLong(4)));
  }

  /** Every decision of the loop, oldest first. */
  List<SimulatorCheck.Decision> decisions() throws java.sql.SQLException {
    return rows(
        "SELECT decided_at_ms, action, actual_workers, target_workers, reason FROM"
            + " scaling_decision WHERE tenant = 'acme' ORDER BY decided_at_ms",
        r ->
            new SimulatorCheck.Decision(
                r.getLong(1), r.getString(2), r.getInt(3), r.getInt(4), r.getString(5)));
  }

  /** The reasons of the loop's decisions after {@code afterMillis}, oldest first. */
  List<String> reasonsAfter(long afterMillis) throws java.sql.SQLException {
    return rows(
        "SELECT reason FROM scaling_decision WHERE tenant = 'acme' AND decided_at_ms > "
            + afterMillis
            + " ORDER BY decided_at_ms",
        r -> r.getString(1));
  }

  /** The adaptive policy's memory as the scaling loop holds it now (its query, not the table). */
  io.logwise.policy.scaling.AdaptiveMemory loopMemory() {
    return loopState().memory().adaptive();
  }

  /** The scaling loop's whole state now, one consistent snapshot (its {@code state} query). */
  io.logwise.workflows.scaling.ScalingLoopState loopState() {
    return stack
        .client()
        .newWorkflowStub(
            io.logwise.workflows.scaling.ScalingLoopWorkflow.class,
            io.logwise.workflows.WorkflowIds.scalingLoop("acme"))
        .state();
  }

  /** What the master says now: alive workers, the job's granted cores, its active drivers. */
  record Master(int aliveWorkers, int appCores, List<String> activeDrivers) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  Master master() throws Exception {
    var json =
        JSON.readTree(
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + spark.webPort() + "/json/"))
                        .timeout(java.time.Duration.ofSeconds(5))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .body());
    int cores = 0;
    for (var app : json.path("activeapps")) {
      cores += app.path("cores").asInt();
    }
    List<String> drivers = new ArrayList<>();
    for (var d : json.path("activedrivers")) {
      if (JOB_MAIN.equals(d.path("mainclass").asText())) {
        drivers.add(d.path("id").asText());
      }
    }
    return new Master(json.path("aliveworkers").asInt(), cores, drivers);
  }

  /** Kills a driver behind the supervisor's back, through Spark's REST API. */
  void killDriver(String id) throws Exception {
    var r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + spark.restPort() + "/v1/submissions/kill/" + id))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    if (!r.body().contains("\"success\" : true")) {
      throw new AssertionError("kill refused: " + r.body());
    }
  }

  String api() {
    return stack.base();
  }

  /**
   * What the job committed under {@code s3a://<bucket>/logs}, counted by Spark itself in a JVM of
   * its own (the runtime's jars and the job's CountRecords): {@code records}, {@code distinct} and
   * {@code service=<s>}.
   */
  Map<String, Long> countWritten() throws Exception {
    Path home = LocalSpark.sparkHome();
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m"));
    cmd.addAll(LocalSpark.javaOptions());
    String endpoint = LocalMoto.shared().endpoint().toString();
    cmd.addAll(
        List.of(
            "-Dspark.hadoop.fs.s3a.endpoint=" + endpoint,
            "-Dspark.hadoop.fs.s3a.path.style.access=true",
            "-Dspark.hadoop.fs.s3a.access.key=test",
            "-Dspark.hadoop.fs.s3a.secret.key=test",
            "-Dspark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
            "-Dspark.ui.enabled=false",
            "-cp",
            home.resolve("jars") + "/*:" + jobJar(),
            "io.logwise.job.CountRecords",
            "s3a://" + bucket + "/logs"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("AWS_REGION", "us-east-1");
    pb.redirectError(Path.of("target", bucket + "-count.log").toFile());
    Process p = pb.start();
    Map<String, Long> counts = new HashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        for (String part : line.split(" ")) {
          int eq = part.indexOf('=');
          if (line.startsWith("service=") && part.startsWith("service=")) {
            continue;
          }
          if (eq > 0) {
            String key =
                line.startsWith("service=")
                    ? "service=" + line.substring(8, line.indexOf(' '))
                    : part.substring(0, eq);
            counts.put(key, Long.parseLong(part.substring(eq + 1)));
          }
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0) {
      throw new AssertionError(
          "CountRecords exited " + rc + ": see target/" + bucket + "-count.log");
    }
    return counts;
  }

  @Override
  public void close() {
    stack.close();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("pipeline box: closing " + started.get(i) + ": " + e);
      }
    }
  }
}
