package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.embedded.FreePorts;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.retention.RetentionSyncState;
import io.logwise.workflows.retention.RetentionSyncWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged {@code logwise.jar dev} as a user would, on the real Temporal dev server, talks
 * to it over HTTP, JDBC, Temporal's gRPC API, the Web UI and the {@code temporal} CLI, then stops
 * it with SIGTERM (what Ctrl-C sends in a terminal, SIGINT, does the same) and checks that nothing
 * it started is left behind; a second start on the same data dir carries on the same workflow runs.
 */
class DevCommandIT {

  @Test
  void devStartsEverythingServesDiscoveryAndStopsCleanly() throws Exception {
    Path jar = Path.of("target", "logwise.jar");
    assertThat(jar).exists();
    int api = FreePorts.pick();
    int admin = FreePorts.pick();
    int temporal = FreePorts.pick();
    int uiPort = FreePorts.pick();
    Path dataDir = Files.createTempDirectory(Path.of("target"), "it-dev-");
    List<Integer> childPorts = new ArrayList<>();
    String runId;
    Process dev = startDev(dataDir, api, admin, temporal, "--temporal-ui-port", "" + uiPort);
    try {
      List<String> banner = readBanner(dev);
      String token = field(banner, "Token");
      String jdbcUrl = field(banner, "Database");
      assertThat(banner)
          .as("the embedded database's password is in the banner")
          .anyMatch(l -> l.contains("Database") && l.endsWith("password logwise"));
      String base = "http://127.0.0.1:" + api;
      childPorts.add(java.net.URI.create(field(banner, "S3")).getPort());
      childPorts.add(java.net.URI.create(jdbcUrl.substring("jdbc:".length())).getPort());

      Http.Reply sync =
          Http.send("POST", base + "/api/v1/tenants/acme/services:sync", token, null, null);
      assertThat(sync.status()).isEqualTo(200);
      assertThat(sync.body().get("discovered").asInt())
          .isEqualTo(6); // five examples + the freshness sample
      Http.Reply delay = Http.send("GET", base + "/metric/sync-delay", token, "acme", null);
      assertThat(delay.status()).isEqualTo(200);
      assertThat(delay.body().get("appLogsDelayMinutes").asInt()).isBetween(1, 5);

      try (Connection c = DriverManager.getConnection(jdbcUrl, "logwise", "logwise");
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT service_name, environment, retention_days FROM service_details"
                          + " WHERE tenant = 'acme' ORDER BY service_name")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3));
        }
        assertThat(rows)
            .containsExactly(
                "cart//3",
                "checkout/prod/30",
                "healthcheck-dummy//3",
                "orders//3",
                "payments//3",
                "search//3");
      }

      Http.Reply health =
          Http.send("GET", "http://127.0.0.1:" + admin + "/healthcheck", null, null, null);
      assertThat(health.status()).isEqualTo(200);
      Http.Reply noToken =
          Http.send("GET", base + "/api/v1/tenants/acme/services", null, null, null);
      assertThat(noToken.status()).isEqualTo(401);

      // the sandbox: simulated batches arrive through the API and the adaptive loop decides
      com.fasterxml.jackson.databind.JsonNode decisions = null;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < until) {
        Http.Reply r =
            Http.send("GET", base + "/api/v1/tenants/sandbox/scaling/decisions", token, null, null);
        assertThat(r.status()).isEqualTo(200);
        if (r.body().isArray() && r.body().size() >= 2) {
          decisions = r.body();
          break;
        }
        Thread.sleep(1000);
      }
      assertThat(decisions).as("sandbox decisions within 90 s").isNotNull();
      com.fasterxml.jackson.databind.JsonNode newest = decisions.get(0);
      assertThat(newest.get("policy").asText()).isEqualTo("adaptive");
      assertThat(newest.at("/inputs/evidence/inputRecordsNewestFirst").isArray())
          .as("inputs are a typed record: %s", newest.get("inputs"))
          .isTrue();
      assertThat(newest.at("/inputs/sizing/processingRatePerCore").asDouble())
          .as("the adaptive policy measured a rate: %s", newest.get("inputs"))
          .isPositive();

      // an outside Temporal client reaches the real dev server, and so does the temporal CLI
      RetentionSyncState state = retentionSync(temporal).state();
      assertThat(state.syncCount()).isGreaterThanOrEqualTo(2);
      runId = retentionSyncRunId(temporal);
      assertThat(banner).anyMatch(l -> l.contains("real dev server, temporal version"));
      String ui = webUi(banner);
      assertThat(ui).startsWith("http://127.0.0.1:" + uiPort + "/namespaces/default/workflows");
      var page =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(ui)).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).as("the Web UI's page").contains("<html");
      assertThat(temporalCli(temporal, "workflow", "list", "--query", "LogwiseTenant=\"acme\""))
          .as("the CLI lists acme's long-running workflows by their search attribute")
          .contains(
              WorkflowIds.retentionSync("acme"),
              WorkflowIds.scalingLoop("acme"),
              WorkflowIds.plannedEvents("acme"))
          .doesNotContain(WorkflowIds.scalingLoop("sandbox"));
    } finally {
      stopAndCheckNothingLeft(dev, dataDir, childPorts, api, admin, temporal, uiPort);
    }

    // the dev server keeps its DB under the data dir: a second start carries on the same runs
    Process again = startDev(dataDir, api, admin, temporal, "--temporal-ui-port", "" + uiPort);
    List<Integer> againPorts = new ArrayList<>();
    try {
      List<String> banner = readBanner(again);
      againPorts.add(java.net.URI.create(field(banner, "S3")).getPort());
      againPorts.add(
          java.net.URI.create(field(banner, "Database").substring("jdbc:".length())).getPort());
      assertThat(retentionSyncRunId(temporal)).as("the same run, not a new one").isEqualTo(runId);
    } finally {
      stopAndCheckNothingLeft(again, dataDir, againPorts, api, admin, temporal, uiPort);
    }
  }

  private static RetentionSyncWorkflow retentionSync(int temporal) {
    return WorkflowClient.newInstance(stubs(temporal))
        .newWorkflowStub(RetentionSyncWorkflow.class, WorkflowIds.retentionSync("acme"));
  }

  private static WorkflowServiceStubs stubs(int temporal) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + temporal).build());
  }

  /** The running run of retention-sync/acme, as the server describes it. */
  private static String retentionSyncRunId(int temporal) {
    WorkflowServiceStubs stubs = stubs(temporal);
    try {
      var info = TestSteps.describe(stubs, WorkflowIds.retentionSync("acme"));
      assertThat(info.getStatus().name()).endsWith("RUNNING");
      return info.getExecution().getRunId();
    } finally {
      stubs.shutdownNow();
    }
  }

  /** The tenant list link of the banner's Web UI line. */
  private static String webUi(List<String> banner) {
    String line = banner.stream().filter(l -> l.trim().startsWith("Web UI")).findFirst().get();
    return line.substring(line.indexOf("acme's workflows: ") + "acme's workflows: ".length());
  }

  /** Runs the {@code temporal} CLI against the dev server and returns what it printed. */
  static String temporalCli(int temporal, String... args) throws Exception {
    return temporalCli("127.0.0.1:" + temporal, args);
  }

  /** Runs the {@code temporal} CLI against {@code target} and returns what it printed. */
  static String temporalCli(String target, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                io.logwise.embedded.LocalDevServer.findBinary().orElseThrow().toString(),
                "--address",
                target));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("temporal %s: %s", args, out).isZero();
    return out;
  }

  private static void stopAndCheckNothingLeft(
      Process dev, Path dataDir, List<Integer> childPorts, int... ownPorts) throws Exception {
    dev.destroy(); // SIGTERM
    assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("dev stops within 60 s").isTrue();
    assertThat(dev.exitValue()).isIn(0, 143);
    assertThat(childPorts).hasSize(2);
    List<Integer> ports = new ArrayList<>(childPorts); // moto and MariaDB
    for (int port : ownPorts) {
      ports.add(port);
    }
    for (int port : ports) {
      assertThat(FreePorts.isOpen(port)).as("port %d closed", port).isFalse();
    }
    assertThat(
            ProcessHandle.allProcesses()
                .filter(
                    p ->
                        p.info()
                            .commandLine()
                            .map(c -> c.contains(dataDir.toString()))
                            .orElse(false))
                .filter(ProcessHandle::isAlive)
                .count())
        .as("no MariaDB, moto or Temporal dev server left running on our data dir")
        .isZero();
  }

  /** {@code java -jar logwise.jar dev} with these ports and data dir, then {@code more} flags. */
  static Process startDev(Path dataDir, int api, int admin, int temporal, String... more)
      throws java.io.IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-Xmx768m",
                "-jar",
                Path.of("target", "logwise.jar").toString(),
                "dev",
                "--data-dir",
                dataDir.toString(),
                "--api-port",
                String.valueOf(api),
                "--admin-port",
                String.valueOf(admin),
                "--temporal-port",
                String.valueOf(temporal)));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectError(dataDir.resolve("dev.err").toFile()).start();
  }

  static List<String> readBanner(Process dev) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<List<String>> banner =
        CompletableFuture.supplyAsync(
            () -> {
              List<String> lines = new ArrayList<>();
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                  if (line.startsWith("Ctrl-C stops everything")) {
                    return lines;
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              throw new IllegalStateException("dev exited before it was up: " + lines);
            });
    return banner.get(180, TimeUnit.SECONDS);
  }

  static String field(List<String> banner, String name) {
    return banner.stream()
        .map(String::trim)
        .filter(l -> l.startsWith(name + " "))
        .map(l -> l.substring(name.length()).trim().split("\\s+")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " line in " + banner));
  }
}
