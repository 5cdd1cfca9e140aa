package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.workflows.spark.DriverStatus;
import io.logwise.workflows.spark.ReplayRequest;
import io.logwise.workflows.spark.ReplayStarted;
import io.logwise.workflows.spark.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The supervisor, run by the real worker, against a real Spark 4.2 master and worker: it submits
 * the test driver, resubmits exactly once after a kill, backs off a crashing driver, and replays
 * with the streaming state backed up and cleared in moto's S3.
 */
@Tag("spark")
class SupervisorSparkIT {

  private static final String LONG = "io.logwise.testdriver.LongRunningDriver";
  private static final String CRASH = "io.logwise.testdriver.CrashingDriver";
  private static SparkStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack =
        new SparkStack(
            Map.of("steady", LONG, "crashy", CRASH),
            "pollInterval: 2s, submitGrace: 20s, restartBackoff: 3s, restartBackoffCap: 30s");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static int submissionRows(String tenant) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl, "logwise", "logwise");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM spark_submission WHERE tenant = '"
                        + tenant
                        + "' AND outcome = 'SUBMITTED'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void keepsExactlyOneDriverAndResubmitsOnceAfterAKill() throws Exception {
    SupervisorState running =
        stack.awaitState(
            "steady",
            s -> s.driver().driverState() == DriverStatus.RUNNING,
            Duration.ofSeconds(90));
    String first = running.driver().submissionId();
    assertThat(stack.activeDriversOf(LONG)).isEqualTo(1);
    int rowsBefore = submissionRows("steady");

    stack.killBehindItsBack(first);
    SupervisorState again =
        stack.awaitState(
            "steady",
            s ->
                !first.equals(s.driver().submissionId())
                    && s.driver().driverState() == DriverStatus.RUNNING,
            Duration.ofSeconds(90));

    Thread.sleep(8000); // a few more polls: nothing else may be submitted
    assertThat(stack.supervisor("steady").state().driver().submissionId())
        .isEqualTo(again.driver().submissionId());
    assertThat(stack.activeDriversOf(LONG)).isEqualTo(1);
    assertThat(submissionRows("steady")).as("exactly one resubmission").isEqualTo(rowsBefore + 1);
    assertThat(again.backoff().consecutiveCrashes()).as("a kill is not a crash").isZero();
  }

  @Test
  void aCrashingDriverIsRestartedWithGrowingBackoff() throws Exception {
    SupervisorState crashed =
        stack.awaitState(
            "crashy", s -> s.backoff().consecutiveCrashes() >= 4, Duration.ofSeconds(150));

    assertThat(crashed.journal().lastError()).contains("FAILED");
    assertThat(crashed.backoff().backoffUntilMillis()).isPositive();
    int submitted = submissionRows("crashy");
    assertThat(submitted).isBetween(4, 6);
    assertThat(stack.activeDriversOf(CRASH)).isLessThanOrEqualTo(1);
  }

  @Test
  void replayBacksUpAndClearsStateThenStartsFromTheTimestamp() throws Exception {
    stack.awaitState(
        "steady", s -> s.driver().driverState() == DriverStatus.RUNNING, Duration.ofSeconds(90));
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(io.logwise.embedded.LocalMoto.shared().endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      s3.createBucket(b -> b.bucket(stack.bucket));
      s3.putObject(
          b -> b.bucket(stack.bucket).key("checkpoint/application/offsets/7"),
          RequestBody.fromString("{}"));
      s3.putObject(
          b -> b.bucket(stack.bucket).key("logs/_spark_metadata/7"), RequestBody.fromString("v1"));
      long from = System.currentTimeMillis() - 3_600_000;

      ReplayStarted replay =
          stack.supervisor("steady").replay(new ReplayRequest(from, null, "e2e replay", "it"));

      assertThat(s3.listObjectsV2(b -> b.bucket(stack.bucket).prefix("checkpoint/")).contents())
          .isEmpty();
      assertThat(
              s3.listObjectsV2(b -> b.bucket(stack.bucket).prefix("logwise-backups/steady/"))
                  .contents())
          .hasSize(2);
      stack.awaitState(
          "steady",
          s ->
              replay.submissionId().equals(s.driver().submissionId())
                  && s.driver().driverState() == DriverStatus.RUNNING,
          Duration.ofSeconds(90));
      assertThat(driverStdout(replay.submissionId()))
          .contains("kafka.startingOffsetsTimestamp=" + from)
          .contains("kafka.subscribeMode=assign");
      assertThat(stack.activeDriversOf(LONG)).isEqualTo(1);
    }
  }

  /** What the test driver printed: its appArgs. */
  private static String driverStdout(String submissionId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<Path> found = new ArrayList<>();
      try (Stream<Path> files = Files.walk(Path.of("target"))) {
        files
            .filter(
                p ->
                    p.toString().contains(submissionId)
                        && p.getFileName().toString().equals("stdout"))
            .forEach(found::add);
      }
      for (Path p : found) {
        String out = Files.readString(p);
        if (out.contains("args=")) {
          return out;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no stdout for " + submissionId);
  }
}
