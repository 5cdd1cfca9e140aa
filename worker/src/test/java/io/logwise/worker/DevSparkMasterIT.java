package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.activities.spark.TestDriverJar;
import io.logwise.embedded.FreePorts;
import io.logwise.embedded.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code logwise dev --spark-master …} against a real Spark master and worker: dev's tenant acme
 * gets its driver submitted to that master and supervised (issue 12: dev could not point its tenant
 * at a real master).
 */
@Tag("spark")
class DevSparkMasterIT {

  @Test
  void devSupervisesItsDriverOnARealMaster() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "it-dev-spark-");
    int api = FreePorts.pick();
    try (LocalSpark spark = LocalSpark.start(dataDir.resolve("spark"), 2)) {
      Path jar = TestDriverJar.build();
      Process dev =
          DevCommandIT.startDev(
              dataDir,
              api,
              FreePorts.pick(),
              FreePorts.pick(),
              // the in-process test server, so dev's --temporal test-server stays exercised
              "--temporal",
              "test-server",
              "--spark-master",
              "spark://127.0.0.1:" + spark.masterPort(),
              "--spark-web-port",
              String.valueOf(spark.webPort()),
              "--spark-rest-port",
              String.valueOf(spark.restPort()),
              "--spark-jar",
              "file:" + jar.toAbsolutePath(),
              "--spark-main-class",
              "io.logwise.testdriver.LongRunningDriver",
              "--spark-version",
              "4.2.0");
      try {
        List<String> banner = DevCommandIT.readBanner(dev);
        assertThat(banner).anyMatch(l -> l.contains("(embedded test server;"));
        String token = DevCommandIT.field(banner, "Token");
        String base = "http://127.0.0.1:" + api;
        JsonNode state = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < until) {
          Http.Reply r = Http.send("GET", base + "/api/v1/tenants/acme/spark", token, null, null);
          if (r.status() == 200 && "RUNNING".equals(r.body().path("driverState").asText())) {
            state = r.body();
            break;
          }
          Thread.sleep(1000);
        }
        assertThat(state)
            .as("acme's driver RUNNING on the real master within 150 s (dev log in %s)", dataDir)
            .isNotNull();
        String submission = state.get("submissionId").asText();
        assertThat(submission).startsWith("driver-");
        // the master's own view: that driver, running
        JsonNode master =
            Http.send("GET", "http://127.0.0.1:" + spark.webPort() + "/json/", null, null, null)
                .body();
        assertThat(master.get("activedrivers"))
            .anySatisfy(d -> assertThat(d.get("id").asText()).isEqualTo(submission));
        assertThat(state.get("submissions").asLong()).isEqualTo(1);
      } finally {
        dev.destroy();
        assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("dev stops within 60 s").isTrue();
      }
    }
  }
}
