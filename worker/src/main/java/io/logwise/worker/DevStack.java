package io.logwise.worker;

import io.logwise.activities.storage.ObjectStores;
import io.logwise.api.ApiServer;
import io.logwise.api.LogwiseApiApplication;
import io.logwise.config.ConfigLoader;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.ObjectStoreSettings;
import io.logwise.embedded.FreePorts;
import io.logwise.embedded.LocalDevServer;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalMoto;
import io.logwise.embedded.LocalSpark;
import io.logwise.embedded.LocalTemporal;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything Logwise needs, in one process, on embedded defaults: Temporal's test server, MariaDB,
 * moto's S3 with example services, the worker and the API. Any part can be pointed at a real one
 * instead. Closing it stops everything it started, in reverse order.
 */
public final class DevStack implements AutoCloseable {

  /** Where each part runs; a null address means "start an embedded one". */
  public record Options(
      Path dataDir,
      String temporalAddress,
      TemporalKind temporal,
      int temporalPort,
      Integer temporalUiPort,
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      String s3Endpoint,
      int apiPort,
      int adminPort,
      boolean auth,
      Spark spark,
      Path tenantsFile,
      Pipeline pipeline) {}

  /**
   * The pipeline in a box ({@code --pipeline}): the trace the generator plays into tenant box's
   * Kafka, trace minutes per real minute, the trace's peak scaled to {@code peakRecordsPerSecond},
   * and the job's work per record.
   */
  public record Pipeline(
      String trace, double speed, double peakRecordsPerSecond, long microsPerRecord) {}

  /** Which Temporal {@code dev} starts when it is not given an address. */
  public enum TemporalKind {
    /** The real server, {@code temporal server start-dev}: Web UI, visibility, persistence. */
    DEV_SERVER,
    /** Temporal's Java test server in this JVM: in memory, no UI, no visibility. */
    TEST_SERVER
  }

  /** A real Spark master for acme ({@code --spark-master}); main class and version may be null. */
  public record Spark(
      String host,
      int masterPort,
      int webPort,
      int restPort,
      String jar,
      String mainClass,
      String version) {

    /** What the dev template reads for acme's {@code spark:} section. */
    Map<String, String> variables() {
      Map<String, String> vars = new HashMap<>();
      vars.put("DEV_SPARK_ENABLED", "true");
      vars.put("DEV_SPARK_HOST", host);
      vars.put("DEV_SPARK_PORT", String.valueOf(masterPort));
      vars.put("DEV_SPARK_WEB_PORT", String.valueOf(webPort));
      vars.put("DEV_SPARK_REST_PORT", String.valueOf(restPort));
      vars.put("DEV_SPARK_JAR", jar);
      if (mainClass != null) {
        vars.put("DEV_SPARK_MAIN_CLASS", mainClass);
      }
      if (version != null) {
        vars.put("DEV_SPARK_VERSION", version);
      }
      return vars;
    }
  }

  static final String BUCKET = "acme-logs";
  static final String SANDBOX_BUCKET = "sandbox-logs";
  static final List<String> EXAMPLE_SERVICES =
      List.of(
          "logs/service_name=orders/",
          "logs/service_name=cart/",
          "logs/service_name=search/",
          "logs/service_name=payments/",
          "logs/env=prod/service_name=checkout/");

  private boolean embeddedDatabase;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, String> vars = new HashMap<>();
  private Path configFile;
  private String temporalNote = "";
  private LocalDevServer devServer;
  private LocalSpark pipelineSpark;
  private Path pipelineDir;
  private PipelineGenerator generator;

  private DevStack() {}

  public static DevStack start(Options o) throws Exception {
    DevStack stack = new DevStack();
    try {
      stack.boot(o);
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void boot(Options o) throws Exception {
    Files.createDirectories(o.dataDir());
    String token = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(24));
    vars.put("DEV_ADMIN_TOKEN", token);
    vars.put(
        "DEV_SANDBOX_TOKEN",
        HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(24)));
    vars.put("DEV_SANDBOX_BUCKET", SANDBOX_BUCKET);
    vars.put("DEV_AUTH_ENABLED", String.valueOf(o.auth()));
    vars.put("DEV_API_PORT", String.valueOf(o.apiPort()));
    vars.put("DEV_ADMIN_PORT", String.valueOf(o.adminPort()));
    vars.put("DEV_BUCKET", BUCKET);

    startTemporal(o);

    if (o.jdbcUrl() == null) {
      LocalMariaDb db =
          started(LocalMariaDb.start(o.dataDir().resolve("mariadb"), FreePorts.pick()));
      vars.put("DEV_DB_URL", db.createDatabase("logwise"));
      vars.put("DEV_DB_USER", LocalMariaDb.USER);
      vars.put("DEV_DB_PASSWORD", LocalMariaDb.PASSWORD);
      embeddedDatabase = true;
    } else {
      vars.put("DEV_DB_URL", o.jdbcUrl());
      vars.put("DEV_DB_USER", o.dbUser());
      vars.put("DEV_DB_PASSWORD", o.dbPassword());
    }

    vars.put("DEV_S3_ACCESS_KEY", "test");
    vars.put("DEV_S3_SECRET_KEY", "test");
    boolean embeddedS3 = o.s3Endpoint() == null;
    if (embeddedS3) {
      LocalMoto moto = started(LocalMoto.start(FreePorts.pick(), o.dataDir().resolve("moto.log")));
      vars.put("DEV_S3_ENDPOINT", moto.endpoint().toString());
    } else {
      vars.put("DEV_S3_ENDPOINT", o.s3Endpoint());
    }

    if (o.spark() != null) {
      vars.putAll(o.spark().variables());
    }
    configFile = o.dataDir().resolve("logwise-dev.yml");
    String template = resource("/logwise-dev.yml");
    if (o.pipeline() != null) {
      template = startPipelineParts(o, template);
    }
    Files.writeString(
        configFile,
        o.tenantsFile() == null ? template : DevConfig.withTenantsOf(template, o.tenantsFile()));
    LogwiseConfiguration config = ConfigLoader.load(configFile, vars);
    if (embeddedS3 && o.tenantsFile() == null) {
      seedExampleServices(config.getTenants().get(0).getObjectStore());
    }

    java.util.Map<String, io.logwise.activities.fleet.SimulatedWorkerFleet> simulated =
        new java.util.HashMap<>();
    java.util.List<Sandbox> sandboxes = new java.util.ArrayList<>();
    for (io.logwise.config.TenantConfig t : config.getTenants()) {
      if (t.getFleet().getType() == io.logwise.config.FleetSettings.Type.SIMULATED) {
        Sandbox sandbox = started(Sandbox.of(t));
        simulated.put(t.getName(), sandbox.fleet());
        sandboxes.add(sandbox);
      }
      if (embeddedS3 && vars.get("DEV_S3_ENDPOINT").equals(t.getObjectStore().getEndpoint())) {
        createBucket(t.getObjectStore()); // the example tenant's is seeded above; no-op for it
      }
    }
    PrometheusMeterRegistry registry = Metrics.registry();
    started(
        LogwiseWorker.start(
            config, registry, simulated, o.dataDir().resolve("pipeline").resolve("workers")));
    Server api = ApiServer.start(new LogwiseApiApplication(registry), config);
    started(api::stop);
    for (Sandbox sandbox : sandboxes) {
      sandbox.start(apiUrl(), vars.get("DEV_SANDBOX_TOKEN"));
    }
    if (o.pipeline() != null) {
      generator =
          started(
              PipelineGenerator.start(
                  vars.get("DEV_BOX_KAFKA"), Sandbox.trace(o.pipeline().trace()), o.pipeline()));
    }
  }

  private static String resource(String name) throws java.io.IOException {
    try (InputStream in = DevStack.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Starts the pipeline's Kafka broker and Spark master (box's workers are its local fleet, started
   * by the worker), and returns the template with tenant box and its listener's token.
   */
  private String startPipelineParts(Options o, String template) throws Exception {
    Path dir = o.dataDir().resolve("pipeline");
    Path jar = jobJar();
    // fail before starting anything when a runtime is missing
    LocalSpark.sparkHome();
    io.logwise.embedded.LocalKafka.kafkaHome();
    io.logwise.embedded.LocalKafka kafka =
        started(io.logwise.embedded.LocalKafka.start(dir.resolve("kafka")));
    LocalSpark spark = started(LocalSpark.startMaster(dir.resolve("spark")));
    pipelineSpark = spark;
    vars.put("DEV_BOX_KAFKA", kafka.bootstrapServers());
    vars.put("DEV_BOX_SPARK_PORT", String.valueOf(spark.masterPort()));
    vars.put("DEV_BOX_SPARK_WEB_PORT", String.valueOf(spark.webPort()));
    vars.put("DEV_BOX_SPARK_REST_PORT", String.valueOf(spark.restPort()));
    vars.put("DEV_BOX_JAR", jar.toString());
    vars.put("DEV_BOX_MICROS", String.valueOf(o.pipeline().microsPerRecord()));
    vars.put(
        "DEV_BOX_TOKEN",
        HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(24)));
    pipelineDir = dir;
    String withToken =
        template.replace(
            "\ntenants:\n",
            "\n    - name: box-listener\n"
                + "      token: ${DEV_BOX_TOKEN}\n"
                + "      scopes: [\"listener:box\"]\n"
                + "\ntenants:\n");
    return withToken + "\n" + resource("/logwise-dev-pipeline.yml");
  }

  /**
   * The streaming job's jar: {@code -Dlogwise.jobJar}, else {@code
   * streaming-job/target/logwise-streaming-job.jar} here or one directory up.
   */
  static Path jobJar() {
    String configured = System.getProperty("logwise.jobJar");
    List<Path> candidates = new java.util.ArrayList<>();
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    for (String base : List.of(".", "..")) {
      candidates.add(Path.of(base, "streaming-job", "target", "logwise-streaming-job.jar"));
    }
    for (Path p : candidates) {
      if (Files.exists(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "no streaming job jar in " + candidates + ": build it (mvn -pl streaming-job -am package)");
  }

  /**
   * The Temporal the stack uses: the address given, else the real dev server (its DB under the data
   * dir, so stopping and starting dev keeps every workflow), else, with {@code --temporal
   * test-server} or without a {@code temporal} binary on this machine, the Java test server.
   */
  private void startTemporal(Options o) throws java.io.IOException {
    vars.put("DEV_STICKY_EXECUTION", "false");
    if (o.temporalAddress() != null) {
      vars.put("DEV_TEMPORAL_TARGET", o.temporalAddress());
      return;
    }
    java.util.Optional<Path> binary =
        o.temporal() == TemporalKind.DEV_SERVER
            ? LocalDevServer.findBinary()
            : java.util.Optional.empty();
    if (o.temporal() == TemporalKind.DEV_SERVER && binary.isEmpty()) {
      System.err.println(
          "logwise dev: no `temporal` CLI on this machine (scripts/install-deps.sh installs it);"
              + " using Temporal's Java test server instead (no Web UI, nothing kept)");
    }
    if (binary.isEmpty()) {
      LocalTemporal temporal = started(LocalTemporal.start(o.temporalPort()));
      vars.put("DEV_TEMPORAL_TARGET", temporal.target());
      temporalNote = " (embedded test server; it listens on all interfaces, keeps state in memory)";
      return;
    }
    String version = LocalDevServer.versionOf(binary.get());
    Path dir = o.dataDir().resolve("temporal");
    LocalDevServer server =
        started(
            LocalDevServer.start(
                LocalDevServer.Options.withPorts(
                    binary.get(),
                    dir,
                    o.temporalPort(),
                    o.temporalUiPort() == null ? o.temporalPort() + 1000 : o.temporalUiPort(),
                    // a DB file may not survive a CLI upgrade: one per version
                    dir.resolve("dev-" + versionStamp(version) + ".db"))));
    devServer = server;
    vars.put("DEV_TEMPORAL_TARGET", server.target());
    vars.put("DEV_STICKY_EXECUTION", "true");
    temporalNote = " (real dev server, " + server.version() + "; workflows kept in " + dir + ")";
  }

  /** {@code temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)} → {@code 1.9.1}. */
  static String versionStamp(String version) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+)").matcher(version);
    return m.find() ? m.group(1) : "unknown";
  }

  private void seedExampleServices(ObjectStoreSettings store) {
    try (ObjectStores stores = new ObjectStores()) {
      S3Client s3 = stores.clientFor(store);
      s3.createBucket(b -> b.bucket(store.getBucket()));
      // the freshness sample service, written "now", so /metric/sync-delay has something to measure
      java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
      String fresh =
          io.logwise.policy.retention.Freshness.hourPrefix(
                  "logs", "healthcheck-dummy", now.truncatedTo(java.time.temporal.ChronoUnit.HOURS))
              + String.format("minute=%02d/part-0.parquet", now.getMinute());
      s3.putObject(
          b -> b.bucket(store.getBucket()).key(fresh), RequestBody.fromString("heartbeat"));
      for (String prefix : EXAMPLE_SERVICES) {
        s3.putObject(
            b ->
                b.bucket(store.getBucket())
                    .key(prefix + "year=2026/month=11/day=21/hour=10/minute=00/part-0.parquet"),
            RequestBody.fromString("example"));
      }
    }
  }

  private static void createBucket(ObjectStoreSettings store) {
    try (ObjectStores stores = new ObjectStores()) {
      stores.clientFor(store).createBucket(b -> b.bucket(store.getBucket()));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      // already there from an earlier run
    }
  }

  private <T extends AutoCloseable> T started(T resource) {
    started.push(resource);
    return resource;
  }

  public String token() {
    return vars.get("DEV_ADMIN_TOKEN");
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + vars.get("DEV_API_PORT");
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + vars.get("DEV_ADMIN_PORT");
  }

  public String jdbcUrl() {
    return vars.get("DEV_DB_URL");
  }

  public String banner() {
    boolean auth = Boolean.parseBoolean(vars.get("DEV_AUTH_ENABLED"));
    String curlAuth = auth ? "-H \"Authorization: Bearer " + token() + "\" " : "";
    return String.join(
        "\n",
        "",
        "Logwise dev stack is up.",
        "  API        " + apiUrl(),
        auth
            ? "  Token      " + token() + "   (admin; generated for this run)"
            : "  Token      *** AUTH IS DISABLED (--no-auth): every caller is admin ***",
        "  Admin      " + adminUrl() + "/healthcheck  " + adminUrl() + "/prometheus",
        "  Temporal   "
            + vars.get("DEV_TEMPORAL_TARGET")
            + "  namespace default, task queue logwise"
            + temporalNote,
        webUi(),
        "  Database   "
            + jdbcUrl()
            + "  user "
            + vars.get("DEV_DB_USER")
            // the embedded database's fixed dev password; a database you pass in stays unprinted
            + (embeddedDatabase ? "  password " + LocalMariaDb.PASSWORD : ""),
        "  S3         " + vars.get("DEV_S3_ENDPOINT") + "  bucket " + BUCKET + " (tenant acme)",
        "  Config     " + configFile,
        pipelineBanner(),
        "",
        "Try:",
        "  curl -s -X POST " + curlAuth + apiUrl() + "/api/v1/tenants/acme/services:sync",
        "  curl -s " + curlAuth + apiUrl() + "/api/v1/tenants/acme/services",
        "  temporal workflow describe --address "
            + vars.get("DEV_TEMPORAL_TARGET")
            + " -w retention-sync/acme",
        devServer == null
            ? ""
            : "  temporal workflow list --address "
                + vars.get("DEV_TEMPORAL_TARGET")
                + " --query 'LogwiseTenant=\"acme\"'",
        "",
        "Ctrl-C stops everything.",
        "");
  }

  /** Where each part of the pipeline in a box runs (empty without {@code --pipeline}). */
  private String pipelineBanner() {
    if (pipelineSpark == null) {
      return "";
    }
    return String.join(
        "\n",
        "",
        "Pipeline in a box (tenant box):",
        "  Kafka      " + vars.get("DEV_BOX_KAFKA") + "  topics logs.<service>",
        "  Spark      master spark://127.0.0.1:"
            + pipelineSpark.masterPort()
            + "  UI http://127.0.0.1:"
            + pipelineSpark.webPort()
            + "  workers: box's local fleet (logs in "
            + pipelineDir.resolve("workers").resolve("box")
            + ")",
        "  Job        " + vars.get("DEV_BOX_JAR") + " -> s3a://box-logs/logs",
        "  Generator  " + generator.describe(),
        "  Watch      GET /api/v1/tenants/box/scaling/decisions   temporal workflow query"
            + " -w scaling-loop/box --type state");
  }

  /** The Web UI's line of the banner: where it is and the list of acme's workflows. */
  private String webUi() {
    return devServer == null
        ? "  Web UI     none (the test server has none; dev without --temporal test-server has one)"
        : "  Web UI     "
            + devServer.uiUrl()
            + "  acme's workflows: "
            + devServer.tenantWorkflowsUrl("acme");
  }

  /** The dev server this stack started, or null (an address was given, or the test server). */
  public LocalDevServer devServer() {
    return devServer;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }
}
