package io.logwise.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.WorkflowIds;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
      "List each tenant's workflows: running or not, and the gist of their state (queries only).",
      "Tenants and Temporal come from -c FILE, or from --address and --tenants (e.g. for dev)."
    })
final class StatusCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      description = "configuration file (tenants and Temporal from it)")
  java.nio.file.Path configFile;

  @Option(names = "--address", description = "Temporal frontend host:port (without -c)")
  String address;

  @Option(names = "--namespace", defaultValue = "default", description = "(without -c)")
  String namespace;

  @Option(
      names = "--tenants",
      split = ",",
      description = "tenant names (without -c), e.g. acme,sandbox")
  List<String> tenants;

  @Override
  public Integer call() throws Exception {
    String target;
    String ns;
    List<String> names;
    if (configFile != null) {
      ConfigOptions options = new ConfigOptions();
      options.configFile = configFile;
      LogwiseConfiguration config = options.load();
      if (config == null) {
        return 2;
      }
      target = config.getTemporal().getTarget();
      ns = config.getTemporal().getNamespace();
      names = config.getTenants().stream().map(TenantConfig::getName).toList();
    } else if (address != null && tenants != null && !tenants.isEmpty()) {
      target = address;
      ns = namespace;
      names = tenants;
    } else {
      System.err.println("status needs -c FILE, or --address and --tenants");
      return 2;
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace(ns).build());
      for (String tenant : names) {
        System.out.println(tenant);
        for (String id : workflowIds(tenant)) {
          System.out.println("  " + line(stubs, client, ns, id));
        }
      }
      return 0;
    } finally {
      stubs.shutdownNow();
      stubs.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static List<String> workflowIds(String tenant) {
    // the tenant's settings are not known here: every kind, absent ones say "not running"
    return WorkflowIds.longRunning(tenant, true, true, true);
  }

  private static String line(
      WorkflowServiceStubs stubs, WorkflowClient client, String ns, String id) {
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
        JsonNode state = client.newUntypedWorkflowStub(id).query("state", JsonNode.class);
        gist = gist(state);
      } catch (RuntimeException e) {
        gist = "(state not answered: is a worker running?)";
      }
    }
    return String.format(
        Locale.ROOT, "%-32s %-10s %5d events  %s", id, status, info.getHistoryLength(), gist);
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
            "lastError")) {
      JsonNode v = state == null ? null : state.get(field);
      if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
        String text = v.isTextual() ? v.asText() : v.toString();
        parts.add(field + "=" + (text.length() > 60 ? text.substring(0, 60) + "…" : text));
      }
    }
    return String.join(" ", parts);
  }
}
