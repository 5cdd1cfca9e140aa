package io.logwise.worker;

import io.logwise.api.config.LogwiseConfiguration;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.retention.RetentionSyncInput;
import io.logwise.workflows.retention.RetentionSyncSettings;
import io.logwise.workflows.retention.RetentionSyncWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every configured tenant's workflows run, with the configured settings: signal-with-
 * start starts a missing workflow and hands a running one the current settings. Idempotent, so it
 * runs on every worker start; adding a tenant to the config and restarting is all it takes.
 */
public final class TenantWorkflows {

  private static final Logger log = LoggerFactory.getLogger(TenantWorkflows.class);

  private TenantWorkflows() {}

  /** What was done for one tenant's workflow. */
  public record Ensured(String workflowId, String runId) {}

  public static List<Ensured> ensureRunning(WorkflowClient client, LogwiseConfiguration config) {
    List<Ensured> done = new ArrayList<>();
    for (TenantConfig tenant : config.getTenants()) {
      done.add(ensureRetentionSync(client, config.getTemporal().getTaskQueue(), tenant));
    }
    return done;
  }

  private static Ensured ensureRetentionSync(
      WorkflowClient client, String taskQueue, TenantConfig tenant) {
    String id = WorkflowIds.retentionSync(tenant.getName());
    long interval = tenant.getRetention().getSyncInterval().toSeconds();
    RetentionSyncWorkflow wf =
        client.newWorkflowStub(
            RetentionSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setStaticSummary("Service catalog sync for tenant " + tenant.getName())
                .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(wf::run, RetentionSyncInput.of(tenant.getName(), interval));
    request.add(wf::applySettings, new RetentionSyncSettings(interval));
    WorkflowExecution execution = client.signalWithStart(request);
    log.info(
        "tenant {}: {} running (run {}), sync every {}s",
        tenant.getName(),
        id,
        execution.getRunId(),
        interval);
    return new Ensured(id, execution.getRunId());
  }
}
