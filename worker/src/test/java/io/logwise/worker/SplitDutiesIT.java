package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Duties split across two worker processes: one with {@code scale, retention}, one with {@code
 * supervise, kafka, vector}. Each workflow runs on its duty's task queue; a duty without a worker
 * is a WARNING in the API's health; killing the scaling pool stops scaling and nothing else, and a
 * new scaling worker picks up the batches that waited.
 */
@Tag("faults")
class SplitDutiesIT {

  private static MultiWorkerIT.Parts parts;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
              "split-duties",
              MultiWorkerIT.YAML,
              s -> {
                Map<String, String> vars = new HashMap<>();
                parts = MultiWorkerIT.prepare(s, "split", vars);
                return vars;
              })
          .workerAsProcess(Map.of("DUTIES", "scale, retention"));

  private static JsonNode health() {
    return Http.send("GET", stack.base() + "/healthcheck", null, null, null).body();
  }

  /**
   * The task queue of {@code workflowId}, once the worker that owns its duty has started it (a
   * worker polls its queues before it has signal-with-started every tenant's loops).
   */
  private static String queueOf(String workflowId) throws InterruptedException {
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        return MultiWorkerIT.describe(stack, workflowId).getTaskQueue();
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND || System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  @Test
  void eachDutyOnItsOwnPool() throws Exception {
    // another deployment's worker (its own base queue) beating in the same database polls none
    // of this deployment's queues: it must not count
    try (var c =
            java.sql.DriverManager.getConnection(
                stack.jdbcUrl(),
                io.logwise.embedded.LocalMariaDb.USER,
                io.logwise.embedded.LocalMariaDb.PASSWORD);
        var ps =
            c.prepareStatement(
                "INSERT INTO worker_heartbeat (worker_id, task_queue, duties, started_at_ms,"
                    + " seen_at_ms) VALUES ('elsewhere-1', 'another-deployment',"
                    + " 'supervise,scale,retention,kafka,vector', ?, ?)")) {
      ps.setLong(1, System.currentTimeMillis());
      ps.setLong(2, System.currentTimeMillis() + 3_600_000); // fresh for the whole test
      ps.executeUpdate();
    }
    JsonNode idle =
        TestSteps.await(
            "the missing duties reported",
            SplitDutiesIT::health,
            // once the first worker has started and said which duties it has
            h ->
                "WARNING".equals(h.at("/checks/duties/status").asText())
                    && !h.at("/checks/duties/error").asText().contains("scale ("),
            120);
    assertThat(idle.at("/checks/duties/error").asText())
        .contains("supervise (task queue split-duties-supervise)")
        .contains("kafka (task queue split-duties-kafka)")
        .doesNotContain("scale (");
    assertThat(queueOf("scaling-loop/acme")).isEqualTo("split-duties-scale");
    assertThat(queueOf("retention-sync/acme")).isEqualTo("split-duties-retention");

    stack.startAnotherWorkerProcess(Map.of("DUTIES", "supervise, kafka, vector"));
    TestSteps.await(
        "the driver, from the other pool",
        () -> MultiWorkerIT.supervisor(stack),
        s -> "RUNNING".equals(s.path("driverState").asText()),
        240);
    assertThat(queueOf("spark-supervisor/acme")).isEqualTo("split-duties-supervise");
    TestSteps.await(
        "every duty polled",
        SplitDutiesIT::health,
        h -> "UP".equals(h.at("/checks/duties/status").asText()),
        60);

    stack.killWorker(); // the scale + retention pool
    TestSteps.postUpscaleBatches(stack.base(), MultiWorkerIT.LISTENER, "s");
    long supervisorBefore = MultiWorkerIT.historyLength(stack, "spark-supervisor/acme");
    assertThat(MultiWorkerIT.grows(stack, "spark-supervisor/acme", supervisorBefore, 30))
        .as("the other pool goes on")
        .isLessThanOrEqualTo(25);
    // the killed worker's pollers stay listed by the server for minutes; the health stops
    // counting them once they have not polled for 90 s
    JsonNode gone =
        TestSteps.await(
            "the killed pool's duties reported missing",
            SplitDutiesIT::health,
            h ->
                "WARNING".equals(h.at("/checks/duties/status").asText())
                    && h.at("/checks/duties/error").asText().contains("retention (")
                    && h.at("/checks/duties/error").asText().contains("scale ("),
            240);
    assertThat(gone.at("/checks/duties/error").asText())
        .contains("scale (task queue split-duties-scale)")
        .contains("retention (task queue split-duties-retention)")
        .doesNotContain("supervise");
    assertThat(
            MultiWorkerIT.count(stack, "SELECT COUNT(*) FROM scaling_decision WHERE tenant='acme'"))
        .as("no scaling worker: nothing decided")
        .isZero();

    stack.startWorker(); // a new scale + retention worker
    TestSteps.await(
        "the waiting batches decided",
        () ->
            MultiWorkerIT.count(
                        stack,
                        "SELECT COUNT(*) FROM scaling_decision WHERE tenant='acme' AND action='UPSCALE'")
                    == 1
                ? com.fasterxml.jackson.databind.node.BooleanNode.TRUE
                : null,
        n -> true,
        120);
    assertThat(MultiWorkerIT.desired(parts)).isGreaterThan(1);
    assertThat(TestSteps.drivers(parts.spark().webPort())).as("one driver throughout").hasSize(1);
  }
}
