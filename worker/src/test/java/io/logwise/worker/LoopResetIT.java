package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 22: a per-tenant loop reset to its first workflow task, as an operator would after a bad
 * deploy, with the {@code temporal} CLI on the real dev server. The reset run replays what reached
 * the old run after that point (the batches, the planned event), so it ends where the old one was:
 * every decision recorded once, the event planned once, and both loops carry on.
 */
class LoopResetIT {

  private static final String ADMIN = "reset-admin-0123456789abcdef";
  private static final String LISTENER = "reset-listener-0123456789abcdef";

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "loop-reset",
          """
          auth:
            tokens:
              - {name: ops, token: "${ADMIN}", scopes: [admin]}
              - {name: acme-spark, token: "${LISTENER}", scopes: ["listener:acme"]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092"}
              objectStore: {bucket: loop-reset-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          """,
          s -> Map.of("ADMIN", ADMIN, "LISTENER", LISTENER));

  private static int decisions() {
    return MultiWorkerIT.count(stack, "SELECT COUNT(*) FROM scaling_decision WHERE tenant='acme'");
  }

  private static JsonNode planned() {
    return Http.send("GET", stack.base() + "/api/v1/tenants/acme/planned-events", ADMIN, null, null)
        .body();
  }

  private static void reset(String workflowId) throws Exception {
    DocsTemporalCommands.run(
        new DocsTemporalCommands.Command(
            "LoopResetIT",
            "temporal workflow reset --workflow-id "
                + workflowId
                + " --type FirstWorkflowTask --reason 'bad deploy rolled back'"),
        stack.temporalTarget(),
        Map.of());
  }

  private static String runId(String workflowId) {
    return MultiWorkerIT.describe(stack, workflowId).getExecution().getRunId();
  }

  @Test
  void aLoopResetToItsFirstTaskEndsWhereItWasAndCarriesOn() throws Exception {
    TestSteps.postUpscaleBatches(stack.base(), LISTENER, "r");
    TestSteps.await(
        "five batches decided",
        () -> decisions() == 5 ? com.fasterxml.jackson.databind.node.BooleanNode.TRUE : null,
        n -> true,
        120);
    String starts = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).toString();
    String ends =
        java.time.Instant.now().plus(java.time.Duration.ofDays(2).plusHours(1)).toString();
    Http.Reply plan =
        Http.send(
            "POST",
            stack.base() + "/api/v1/tenants/acme/planned-events",
            ADMIN,
            null,
            "{\"name\":\"launch\",\"startsAt\":\""
                + starts
                + "\",\"endsAt\":\""
                + ends
                + "\",\"expectedPeakLogsPerSecond\":50000,\"requestedBy\":\"ops\"}");
    assertThat(plan.status()).as(plan.body().toString()).isBetween(200, 201);

    String loopBefore = runId("scaling-loop/acme");
    String plannedBefore = runId("planned-events/acme");
    reset("scaling-loop/acme");
    reset("planned-events/acme");
    assertThat(runId("scaling-loop/acme")).as("a new run").isNotEqualTo(loopBefore);
    assertThat(runId("planned-events/acme")).as("a new run").isNotEqualTo(plannedBefore);

    // the reset runs replay the batches and the plan that reached the old runs
    JsonNode events =
        TestSteps.await(
            "the planned event back in the reset run",
            LoopResetIT::planned,
            p -> p.path("events").findValuesAsText("name").contains("launch"),
            120);
    assertThat(events.get("events").findValuesAsText("name"))
        .as("planned once: %s", events)
        .containsExactly("launch");
    Http.Reply next =
        Http.send(
            "POST",
            stack.base() + "/api/v1/tenants/acme/batches",
            LISTENER,
            null,
            "{\"batchId\":\"r-5\",\"inputRecords\":4000000,\"outputBytes\":1000,"
                + "\"submissionTime\":1700000300000,\"completionTime\":1700000320000,"
                + "\"coresUsed\":2,\"status\":\"succeeded\"}");
    assertThat(next.status()).isEqualTo(202);
    TestSteps.await(
        "the next batch decided by the reset run",
        () -> decisions() >= 6 ? com.fasterxml.jackson.databind.node.BooleanNode.TRUE : null,
        n -> true,
        120);
    assertThat(decisions()).as("the replayed batches recorded no second decision").isEqualTo(6);
  }
}
