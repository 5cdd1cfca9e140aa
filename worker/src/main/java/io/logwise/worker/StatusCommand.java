package io.logwise.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.KafkaClusterMigrationWorkflow;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflow;
import io.logwise.workflows.planned.PlannedEventsWorkflow;
import io.logwise.workflows.retention.RetentionSyncWorkflow;
import io.logwise.workflows.scaling.ScalingLoopWorkflow;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.vector.VectorScalerWorkflow;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logwise status}: each tenant's workflows, whether they run, and what their state says —
 * what a newcomer would otherwise need the {@code temporal} CLI for. Queries only: nothing is
 * written to any history.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "List each tenant's workflows: running or not, and the gist of their state (queries only);",
      "with a server that has visibility, its migrations and other workflows too.",
      "Tenants and Temporal come from -c FILE, or from --address and --tenants (e.g. for dev)."
    })
final class StatusCommand implements Callable<Integer> {

  @picocli.CommandLine.Mixin TemporalTarget temporal;

  @Option(
      names = "--tenants",
      split = ",",
      description = "tenant names (without -c), e.g. acme,sandbox")
  List<String> tenants;

  @Override
  public Integer call() throws Exception {
    if (temporal.configFile == null && (tenants == null || tenants.isEmpty())) {
      System.err.println("status needs -c FILE, or --address and --tenants");
      return 2;
    }
    TemporalTarget.Resolved where = temporal.resolve("status");
    if (where == null) {
      return 2;
    }
    List<String> names = where.tenants() != null ? where.tenants() : tenants;
    String ns = where.namespace();
    WorkflowServiceStubs stubs = TemporalTarget.stubs(where);
    try {
      WorkflowClient client = TemporalTarget.client(stubs, where);
      for (String tenant : names) {
        System.out.println(tenant);
        for (String id : workflowIds(client, tenant)) {
          System.out.println("  " + line(stubs, ns, client, tenant, id));
        }
      }
      return 0;
    } finally {
      TemporalTarget.close(stubs);
    }
  }

  static List<String> workflowIds(String tenant) {
    // the tenant's settings are not known here: every kind, absent ones say "not running"
    return WorkflowIds.longRunning(tenant, true, true, true);
  }

  /**
   * The long-running workflows (started or not), then every other workflow the server's visibility
   * lists for the tenant (its migrations, running or ended), by id. A server without visibility
   * (Temporal's Java test server) gives the first part only.
   */
  static List<String> workflowIds(WorkflowClient client, String tenant) {
    List<String> ids = new ArrayList<>(workflowIds(tenant));
    try {
      client
          .listExecutions(WorkflowIds.tenantQuery(tenant))
          .map(e -> e.getExecution().getWorkflowId())
          .filter(id -> !ids.contains(id))
          .distinct()
          .sorted()
          .forEach(ids::add);
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() != io.grpc.Status.Code.UNIMPLEMENTED) {
        System.err.println(
            "status: cannot list " + tenant + "'s other workflows: " + e.getStatus().getCode());
      }
    }
    return ids;
  }

  private static String line(
      WorkflowServiceStubs stubs, String ns, WorkflowClient client, String tenant, String id) {
    WorkflowExecutionInfo info;
    try {
      info =
          stubs
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(ns)
                      .setExecution(
                          io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                              .setWorkflowId(id)
                              .build())
                      .build())
              .getWorkflowExecutionInfo();
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return String.format(Locale.ROOT, "%-32s not started", id);
      }
      return String.format(
          Locale.ROOT, "%-32s cannot be described: %s", id, e.getStatus().getCode());
    }
    String status = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    String gist = "";
    if ("RUNNING".equals(status)) {
      try {
        gist = gist(state(client, tenant, id));
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        gist = "(state not answered: is a worker running?)";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        gist = "(interrupted)";
      }
    }
    return String.format(
        Locale.ROOT, "%-32s %-10s %5d events  %s", id, status, info.getHistoryLength(), gist);
  }

  /**
   * What workflow {@code id} of {@code tenant} says of itself, through its own interface's query
   * ({@code state}, a migration's {@code progress}), as JSON; given up after five seconds: with no
   * worker serving the workflow (a migration started on a queue nobody polls) the server holds a
   * query far longer. Null for an id of no known kind.
   */
  static JsonNode state(WorkflowClient client, String tenant, String id)
      throws ExecutionException, TimeoutException, InterruptedException {
    java.util.function.Supplier<Object> query = typedQuery(client, tenant, id);
    if (query == null) {
      return null;
    }
    java.util.concurrent.CompletableFuture<Object> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(
            query,
            r -> {
              Thread t = new Thread(r, "status-query");
              t.setDaemon(true);
              t.start();
            });
    return JSON.valueToTree(answer.get(5, TimeUnit.SECONDS));
  }

  // the mapper Temporal's data converter reads and writes these states with
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper();

  /** The typed query for {@code id}, or null. */
  private static java.util.function.Supplier<Object> typedQuery(
      WorkflowClient client, String tenant, String id) {
    if (id.equals(WorkflowIds.sparkSupervisor(tenant))) {
      return () -> client.newWorkflowStub(SparkSupervisorWorkflow.class, id).state();
    }
    if (id.equals(WorkflowIds.scalingLoop(tenant))) {
      return () -> client.newWorkflowStub(ScalingLoopWorkflow.class, id).state();
    }
    if (id.equals(WorkflowIds.retentionSync(tenant))) {
      return () -> client.newWorkflowStub(RetentionSyncWorkflow.class, id).state();
    }
    if (id.equals(WorkflowIds.kafkaPartitions(tenant))) {
      return () -> client.newWorkflowStub(KafkaPartitionsWorkflow.class, id).state();
    }
    if (id.equals(WorkflowIds.vectorScaler(tenant))) {
      return () -> client.newWorkflowStub(VectorScalerWorkflow.class, id).state();
    }
    if (id.equals(WorkflowIds.plannedEvents(tenant))) {
      return () -> client.newWorkflowStub(PlannedEventsWorkflow.class, id).state();
    }
    if (id.startsWith(WorkflowIds.KAFKA_MIGRATION_PREFIX + "/" + tenant + "/")) {
      return () -> client.newWorkflowStub(KafkaClusterMigrationWorkflow.class, id).progress();
    }
    return null;
  }

  /** A few telling fields, whichever the workflow's state has. */
  static String gist(JsonNode state) {
    List<String> parts = new ArrayList<>();
    for (String field :
        List.of(
            "mode",
            "driverState",
            "submissionId",
            "syncCount",
            "failureCount",
            "lastFailure",
            "lastAction",
            "currentWorkers",
            "evaluated",
            "lastError",
            "status",
            "step",
            "waitingFor")) {
      JsonNode v = state == null ? null : state.get(field);
      if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
        String text = v.isTextual() ? v.asText() : v.toString();
        parts.add(field + "=" + (text.length() > 60 ? text.substring(0, 60) + "…" : text));
      }
    }
    return String.join(" ", parts);
  }
}
