package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.embedded.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code logwise dev --pipeline} as a user runs it (the packaged jar): the banner says where each
 * part is; tenant box's driver is the streaming job on the pipeline's own master, its batches reach
 * the loop, discovery finds the generator's services in the Parquet the job wrote; SIGTERM stops
 * every process it started, the local Spark workers too.
 */
@Tag("spark")
class DevPipelineIT {

  @Test
  void thePipelineInABoxRunsUnderDevAndStopsWithIt() throws Exception {
    int api = FreePorts.pick();
    Path dataDir = Files.createTempDirectory(Path.of("target"), "it-dev-pipeline-");
    String masterPort = null;
    Process dev =
        DevCommandIT.startDev(
            dataDir,
            api,
            FreePorts.pick(),
            FreePorts.pick(),
            "--temporal-ui-port",
            "" + FreePorts.pick(),
            "--pipeline",
            "--pipeline-peak",
            "20");
    try {
      List<String> banner = DevCommandIT.readBanner(dev);
      assertThat(banner)
          .anyMatch(l -> l.startsWith("Pipeline in a box (tenant box)"))
          .anyMatch(l -> l.trim().startsWith("Kafka      127.0.0.1:"))
          .anyMatch(l -> l.trim().startsWith("Spark      master spark://127.0.0.1:"))
          .anyMatch(l -> l.trim().startsWith("Job ") && l.contains("s3a://box-logs/logs"))
          .anyMatch(
              l -> l.trim().startsWith("Generator  trace diurnal at 60x (peak 20 records/s)"));
      masterPort =
          DevCommandIT.field(banner, "Spark").equals("master")
              ? banner.stream()
                  .filter(l -> l.trim().startsWith("Spark      master spark://127.0.0.1:"))
                  .findFirst()
                  .orElseThrow()
                  .trim()
                  .split("\\s+")[2]
                  .replaceAll(".*:", "")
              : null;
      String token = DevCommandIT.field(banner, "Token");
      String jdbcUrl = DevCommandIT.field(banner, "Database");
      String base = "http://127.0.0.1:" + api;

      awaitBatches(jdbcUrl, 2, Duration.ofMinutes(5));

      List<String> discovered = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (discovered.size() < PipelineGenerator.SERVICES.size()
          && System.nanoTime() < deadline) {
        Http.Reply sync =
            Http.send("POST", base + "/api/v1/tenants/box/services:sync", token, null, null);
        assertThat(sync.status()).isEqualTo(200);
        discovered = services(jdbcUrl);
        Thread.sleep(2_000);
      }
      assertThat(discovered)
          .as("the generator's services, found in the Parquet the job wrote")
          .containsAll(PipelineGenerator.SERVICES);
    } finally {
      dev.destroy(); // SIGTERM, as Ctrl-C
      assertThat(dev.waitFor(90, TimeUnit.SECONDS)).as("dev stopped").isTrue();
    }
    assertThat(processesUnder(dataDir))
        .as("nothing dev started is left: Kafka, box's workers, the driver")
        .isEmpty();
    String master = "org.apache.spark.deploy.master.Master --host 127.0.0.1 --port " + masterPort;
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(master)).orElse(false))
                .count())
        .as("the pipeline's Spark master stopped")
        .isZero();
  }

  private static void awaitBatches(String jdbcUrl, int n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, "logwise", "logwise");
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT COUNT(*) FROM spark_batch WHERE tenant = 'box'")) {
        rs.next();
        if (rs.getInt(1) >= n) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("box reported fewer than " + n + " batches in " + timeout);
      }
      Thread.sleep(1_000);
    }
  }

  private static List<String> services(String jdbcUrl) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "logwise", "logwise");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT service_name FROM service_details WHERE tenant = 'box'"
                        + " ORDER BY service_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Processes whose command line names {@code dir} (every part dev starts keeps files there). */
  private static List<String> processesUnder(Path dir) {
    String path = dir.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(path)).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
  }
}
