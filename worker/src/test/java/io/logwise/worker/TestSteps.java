package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Steps the end-to-end suites share: waiting for a state, the master's drivers, batch reports. */
final class TestSteps {

  private TestSteps() {}

  /** Reads until {@code done} holds, for up to {@code seconds}; the last read is in the failure. */
  static JsonNode await(String what, Supplier<JsonNode> read, Predicate<JsonNode> done, int seconds)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode last = null;
    while (System.nanoTime() < until) {
      last = read.get();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(what + " did not happen in " + seconds + " s: " + last);
  }

  /** Every driver a real master ever had: {@code [id, state]}. */
  static List<String[]> drivers(int masterWebPort) {
    JsonNode json =
        Http.send("GET", "http://127.0.0.1:" + masterWebPort + "/json/", null, null, null).body();
    List<String[]> all = new ArrayList<>();
    for (String list : List.of("activedrivers", "completeddrivers")) {
      json.path(list)
          .forEach(d -> all.add(new String[] {d.get("id").asText(), d.get("state").asText()}));
    }
    return all;
  }

  static long activeDrivers(int masterWebPort) {
    return drivers(masterWebPort).stream()
        .filter(d -> d[1].equals("RUNNING") || d[1].equals("SUBMITTED"))
        .count();
  }

  /** Five growing batches of acme, ids {@code <prefix>-0…4}: enough for one upscale. */
  static void postUpscaleBatches(String base, String listenerToken, String prefix) {
    long[] inputs = {2_000_000, 2_500_000, 3_000_000, 3_500_000, 4_000_000};
    for (int i = 0; i < inputs.length; i++) {
      long t = 1_700_000_000_000L + i * 60_000L;
      Http.Reply r =
          Http.send(
              "POST",
              base + "/api/v1/tenants/acme/batches",
              listenerToken,
              null,
              String.format(
                  "{\"batchId\":\"%s-%d\",\"inputRecords\":%d,\"outputBytes\":1000,\"submissionTime\":%d,\"completionTime\":%d,\"coresUsed\":2,\"status\":\"succeeded\"}",
                  prefix, i, inputs[i], t, t + 20_000));
      assertThat(r.status()).isEqualTo(202);
    }
  }

  /** How the server sees {@code workflowId}'s current run (namespace default), as the CLI would. */
  static io.temporal.api.workflow.v1.WorkflowExecutionInfo describe(
      io.temporal.serviceclient.WorkflowServiceStubs stubs, String workflowId) {
    return stubs
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo();
  }
}
