package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.workflows.spark.DriverStatus;
import io.logwise.workflows.spark.SupervisorState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test: kills the tenant's driver behind the supervisor's back {@code
 * logwise.bench.kills} times (default 10) at the default 15 s poll and prints how long it took from
 * the kill to the new submission (detection) and until the supervisor has seen the new driver
 * RUNNING (one poll after the submission). Kills land at a random phase of the poll. Run it with
 * {@code bench/spark-detection.sh}. Target: detection p95 at most 30 s.
 */
@EnabledIfSystemProperty(named = "logwise.bench", matches = "true")
class SparkDetectionBench {

  @Test
  void deadDriverDetection() throws Exception {
    int kills = Integer.getInteger("logwise.bench.kills", 10);
    String poll = System.getProperty("logwise.bench.poll", "15s");
    try (SparkStack stack =
        new SparkStack(
            Map.of("bench", "io.logwise.testdriver.LongRunningDriver"), "pollInterval: " + poll)) {
      List<Long> detection = new ArrayList<>();
      List<Long> toRunning = new ArrayList<>();
      SupervisorState st =
          stack.awaitState(
              "bench",
              s -> s.driver().driverState() == DriverStatus.RUNNING,
              Duration.ofSeconds(120));
      // kill at a random phase of the poll cycle, else every kill lands right after a poll
      java.util.Random random = new java.util.Random(42);
      long pollMillis = io.dropwizard.util.Duration.parse(poll).toMilliseconds();
      for (int i = 0; i < kills; i++) {
        Thread.sleep((long) (random.nextDouble() * pollMillis));
        String old = st.driver().submissionId();
        long killedAt = System.nanoTime();
        stack.killBehindItsBack(old);
        SupervisorState submitted =
            stack.awaitState(
                "bench",
                s -> s.driver().submissionId() != null && !old.equals(s.driver().submissionId()),
                Duration.ofSeconds(120));
        long detectedAt = System.nanoTime();
        st =
            stack.awaitState(
                "bench",
                s ->
                    submitted.driver().submissionId().equals(s.driver().submissionId())
                        && s.driver().driverState() == DriverStatus.RUNNING,
                Duration.ofSeconds(120));
        detection.add((detectedAt - killedAt) / 1_000_000);
        toRunning.add((System.nanoTime() - killedAt) / 1_000_000);
        System.out.printf(
            "BENCH kill %2d: new submission after %6d ms, seen RUNNING after %6d ms%n",
            i + 1, detection.get(i), toRunning.get(i));
      }
      System.out.println("BENCH " + summary("kill -> new submission", detection));
      System.out.println("BENCH " + summary("kill -> seen RUNNING", toRunning));
      assertThat(detection).hasSize(kills);
    }
  }

  private static String summary(String what, List<Long> ms) {
    List<Long> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    return String.format(
        "%-28s n=%d  p50=%.1fs  p95=%.1fs  max=%.1fs",
        what,
        sorted.size(),
        pct(sorted, 50) / 1000.0,
        pct(sorted, 95) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0);
  }

  /** Nearest-rank percentile. */
  private static long pct(List<Long> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
