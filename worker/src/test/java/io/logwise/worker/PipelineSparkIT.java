package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.sim.Trace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pipeline in a box end to end: the generator's records go through a real broker, the project's
 * streaming job (submitted by the supervisor to a real master, run on the tenant's local Spark
 * workers) and into Parquet in S3, each once; the job's listener reports its batches to the API,
 * whose scaling loop decides on them.
 */
@Tag("spark")
class PipelineSparkIT {

  private static PipelineBox box;

  @BeforeAll
  static void start() throws Exception {
    box =
        new PipelineBox(
            "pipeline",
            "{policy: classic, coresPerWorker: 2, minWorkers: 1, maxWorkers: 3}",
            0,
            "{cores: 2, memory: 1g, max: 3, initial: 1}");
  }

  @AfterAll
  static void stop() {
    if (box != null) {
      box.close();
    }
  }

  @Test
  void everyGeneratedRecordIsWrittenOnceAndEveryBatchReachesTheLoop() throws Exception {
    Trace trace = Trace.parse("flat", List.of("minute,records_per_second", "0,20", "1,20", "2,20"));
    LogGenerator.Plan plan =
        new LogGenerator.Plan(trace, 0, 3, 6, 1, List.of("checkout", "payments"));
    LogGenerator.Counts counts;
    try (LogGenerator g = new LogGenerator(box.kafka.bootstrapServers())) {
      g.createTopics(plan.services(), 2);
      counts = g.play(plan, m -> {});
    }
    assertThat(counts.total()).isEqualTo(3 * 1200);

    awaitReported(counts.total(), Duration.ofMinutes(6));
    Map<String, Long> written = box.countWritten();
    assertThat(written.get("distinct")).as("no record lost").isEqualTo(counts.total());
    assertThat(written.get("records")).as("none written twice").isEqualTo(counts.total());
    assertThat(written)
        .containsEntry("service=checkout", counts.acknowledged().get("checkout"))
        .containsEntry("service=payments", counts.acknowledged().get("payments"));

    assertThat(box.reportedRecords())
        .as("the listener reported each batch once")
        .isEqualTo(counts.total());
    String decisions =
        String.valueOf(
            Http.send(
                    "GET",
                    box.api() + "/api/v1/tenants/acme/scaling/decisions",
                    PipelineBox.ADMIN,
                    null,
                    null)
                .body());
    assertThat(decisions).as("the listener's batches reached the loop").contains("\"batchId\"");
  }

  /** Waits until the listener has reported batches with {@code expected} input records. */
  private static void awaitReported(long expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = 0;
    while ((last = box.reportedRecords()) < expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "batches of " + last + " of " + expected + " records reported in " + timeout);
      }
      Thread.sleep(1_000);
    }
  }
}
