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
   * @param local the tenant's {@code fleet.local} block (flow YAML)
   */
  PipelineBox(String name, String scaling, long microsPerRecord, String local) throws Exception {
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

  /** Σ input records of the batches the listener reported (the {@code spark_batch} table). */
  long reportedRecords() throws java.sql.SQLException {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(stack.jdbcUrl(), "logwise", "logwise");
        java.sql.ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT COALESCE(SUM(input_records), 0) FROM spark_batch WHERE tenant = 'acme'")) {
      r.next();
      return r.getLong(1);
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
