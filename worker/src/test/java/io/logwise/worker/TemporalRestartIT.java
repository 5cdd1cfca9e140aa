package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.scaling.ScalingLoopWorkflow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the in-memory test server could never show: the real Temporal server killed as by {@code
 * kill -9} while batches arrive, then started again on the same SQLite file. While it is away the
 * API answers 503 in the one error shape (a batch is 202 only once Temporal has it); afterwards the
 * same scaling loop carries on, and every batch that was answered 202 is recorded and reaches it.
 */
@Tag("faults")
class TemporalRestartIT {

  private static final String LISTENER = "restart-listener-0123456789abcdef";

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
              "restart",
              """
              auth:
                tokens:
                  - {name: acme-spark, token: "${LISTENER_TOKEN}", scopes: ["listener:acme"]}
              tenants:
                - name: acme
                  spark: {masterHost: 127.0.0.1, enabled: false}
                  kafka: {bootstrapServers: "127.0.0.1:9092"}
                  objectStore: {bucket: restart-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              """,
              s -> Map.of("LISTENER_TOKEN", LISTENER))
          .onPersistentDevServer()
          .tuneTemporal(t -> t.setUpdateTimeout(io.dropwizard.util.Duration.seconds(10)));

  private int sequence;
  private final List<String> accepted = new ArrayList<>();

  /** Posts the next batch; returns the reply. */
  private Http.Reply post() throws Exception {
    int n = ++sequence;
    String id = "restart-" + n;
    Http.Reply r =
        Http.send(
            "POST",
            stack.base() + "/api/v1/tenants/acme/batches",
            LISTENER,
            null,
            "{\"batchId\":\""
                + id
                + "\",\"inputRecords\":"
                + (100_000 + n)
                + ",\"outputBytes\":1,\"submissionTime\":"
                + (n * 60_000L)
                + ",\"completionTime\":"
                + (n * 60_000L + 20_000)
                + ",\"status\":\"succeeded\"}");
    if (r.status() == 202) {
      accepted.add(id);
    }
    return r;
  }

  @Test
  void killedAndRestartedTheServerLosesNoAcceptedBatchAndTheLoopCarriesOn() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(post().status()).as("before the kill").isEqualTo(202);
    }
    String firstRun = firstRunOfTheLoop();

    stack.killTemporal();
    for (int i = 0; i < 3; i++) {
      Http.Reply away = post();
      assertThat(away.status()).as("while Temporal is away: %s", away.body()).isEqualTo(503);
      assertThat(away.body().at("/error/code").isTextual()).as("%s", away.body()).isTrue();
      assertThat(away.body().at("/error/message").asText()).isNotBlank();
    }

    stack.restartTemporal();
    int before = accepted.size();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (accepted.size() < before + 10 && System.nanoTime() < until) {
      int status = post().status();
      assertThat(status)
          .as("after the restart: 202, or 503 while the worker reconnects")
          .isIn(202, 503);
    }
    assertThat(accepted.size()).as("accepted again after the restart").isEqualTo(before + 10);

    ScalingLoopWorkflow loop =
        stack.client().newWorkflowStub(ScalingLoopWorkflow.class, WorkflowIds.scalingLoop("acme"));
    long caughtUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!loop.state().pendingBatches().isEmpty() && System.nanoTime() < caughtUp) {
      Thread.sleep(200);
    }
    assertThat(loop.state().pendingBatches()).as("the loop caught up").isEmpty();
    assertThat(firstRunOfTheLoop())
        .as("the same workflow carried on, not a new one")
        .isEqualTo(firstRun);
    assertThat(recorded()).as("every 202'd batch is recorded").containsAll(accepted);
    assertThat(loop.state().seenBatchIds())
        .as("every 202'd batch reached the loop, before and after the restart")
        .containsAll(accepted);
    assertThat(loop.state().evaluations()).as("and was evaluated (some folded)").isPositive();
  }

  /** The first run of the loop's chain of runs (continue-as-new keeps it). */
  private static String firstRunOfTheLoop() {
    return TestSteps.describe(
            stack.client().getWorkflowServiceStubs(), WorkflowIds.scalingLoop("acme"))
        .getFirstRunId();
  }

  private static Set<String> recorded() throws Exception {
    return ids("SELECT batch_id FROM spark_batch WHERE tenant = 'acme'");
  }

  private static Set<String> ids(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "logwise", "logwise");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      Set<String> ids = new HashSet<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    }
  }
}
