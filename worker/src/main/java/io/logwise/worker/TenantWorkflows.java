package io.logwise.worker;

import io.logwise.config.KafkaSettings;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.SparkSettings;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.Duty;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.KafkaPartitionsInput;
import io.logwise.workflows.kafka.KafkaPartitionsSettings;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflow;
import io.logwise.workflows.retention.RetentionSyncInput;
import io.logwise.workflows.retention.RetentionSyncSettings;
import io.logwise.workflows.retention.RetentionSyncWorkflow;
import io.logwise.workflows.scaling.ScalingLoopInput;
import io.logwise.workflows.scaling.ScalingLoopSettings;
import io.logwise.workflows.scaling.ScalingLoopWorkflow;
import io.logwise.workflows.spark.SparkSupervisorInput;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.spark.SupervisorSettings;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
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

  /**
   * Starts (or hands the current settings to) every configured tenant's workflows of this worker's
   * duties, each on its duty's queue; workflows of other duties are left to the workers that have
   * them.
   */
  public static List<Ensured> ensureRunning(
      WorkflowClient client, LogwiseConfiguration config, boolean tenantAttribute) {
    String queue = config.getTemporal().getTaskQueue();
    java.util.Set<Duty> duties = config.getWorker().duties();
    List<Ensured> done = new ArrayList<>();
    for (TenantConfig tenant : config.getTenants()) {
      String t = tenant.getName();
      if (duties.contains(Duty.RETENTION)) {
        done.add(
            retentionSync(
                client,
                options(
                    queue,
                    WorkflowIds.retentionSync(t),
                    tenant,
                    "Service catalog sync",
                    tenantAttribute),
                tenant));
      }
      if (duties.contains(Duty.SCALE)) {
        done.add(
            scalingLoop(
                client,
                options(
                    queue,
                    WorkflowIds.scalingLoop(t),
                    tenant,
                    "Spark worker scaling",
                    tenantAttribute),
                tenant));
      }
      if (duties.contains(Duty.KAFKA) && tenant.getKafka().isEnablePartitionScaling()) {
        done.add(
            kafkaPartitions(
                client,
                options(
                    queue,
                    WorkflowIds.kafkaPartitions(t),
                    tenant,
                    "Kafka partition growth",
                    tenantAttribute),
                tenant));
      }
      if (duties.contains(Duty.SCALE)) {
        done.add(
            plannedEvents(
                client,
                options(
                    queue, WorkflowIds.plannedEvents(t), tenant, "Planned events", tenantAttribute),
                tenant));
      }
      if (duties.contains(Duty.VECTOR) && tenant.getVector().getScaling().enabled) {
        done.add(
            vectorScaler(
                client,
                options(
                    queue, WorkflowIds.vectorScaler(t), tenant, "Vector scaling", tenantAttribute),
                tenant));
      }
      if (duties.contains(Duty.SUPERVISE) && tenant.getSpark().isEnabled()) {
        done.add(
            sparkSupervisor(
                client,
                options(
                    queue,
                    WorkflowIds.sparkSupervisor(t),
                    tenant,
                    "Spark driver supervisor",
                    tenantAttribute),
                tenant));
      }
    }
    return done;
  }

  private static WorkflowOptions options(
      String queue, String id, TenantConfig tenant, String what, boolean tenantAttribute) {
    WorkflowOptions.Builder b =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(Duty.ofWorkflow(id).queue(queue))
            .setStaticSummary(what + " for tenant " + tenant.getName());
    if (tenantAttribute) {
      b.setTypedSearchAttributes(
          SearchAttributes.newBuilder().set(WorkflowIds.TENANT, tenant.getName()).build());
    }
    return b.build();
  }

  private static Ensured retentionSync(
      WorkflowClient client, WorkflowOptions options, TenantConfig tenant) {
    long interval = tenant.getRetention().getSyncInterval().toSeconds();
    RetentionSyncWorkflow wf = client.newWorkflowStub(RetentionSyncWorkflow.class, options);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(wf::run, RetentionSyncInput.of(tenant.getName(), interval));
    request.add(wf::applySettings, new RetentionSyncSettings(interval));
    return started(client.signalWithStart(request), options, "sync every " + interval + "s");
  }

  private static Ensured sparkSupervisor(
      WorkflowClient client, WorkflowOptions options, TenantConfig tenant) {
    SupervisorSettings settings = supervisorSettings(tenant.getSpark());
    SparkSupervisorWorkflow wf = client.newWorkflowStub(SparkSupervisorWorkflow.class, options);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(wf::run, SparkSupervisorInput.of(tenant.getName(), settings));
    request.add(wf::applySettings, settings);
    return started(
        client.signalWithStart(request),
        options,
        "poll every " + settings.pollIntervalSeconds() + "s");
  }

  private static Ensured scalingLoop(
      WorkflowClient client, WorkflowOptions options, TenantConfig tenant) {
    ScalingLoopSettings settings =
        new ScalingLoopSettings(tenant.getScaling().toConfig(), tenant.getScaling().isDryRun());
    ScalingLoopWorkflow wf = client.newWorkflowStub(ScalingLoopWorkflow.class, options);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(
        wf::run, ScalingLoopInput.of(tenant.getName(), settings.config(), settings.dryRun()));
    request.add(wf::configure, settings);
    return started(
        client.signalWithStart(request),
        options,
        "policy " + settings.config().policy() + (settings.dryRun() ? " (dry run)" : ""));
  }

  private static Ensured kafkaPartitions(
      WorkflowClient client, WorkflowOptions options, TenantConfig tenant) {
    KafkaSettings k = tenant.getKafka();
    KafkaPartitionsSettings settings =
        new KafkaPartitionsSettings(
            k.partitionConfig(tenant.getScaling().getCoresPerWorker()),
            k.getPartitionEvaluationInterval().toSeconds(),
            k.isPartitionDryRun());
    KafkaPartitionsWorkflow wf = client.newWorkflowStub(KafkaPartitionsWorkflow.class, options);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(
        wf::run,
        KafkaPartitionsInput.of(
            tenant.getName(), settings.config(), settings.intervalSeconds(), settings.dryRun()));
    request.add(wf::configure, settings);
    return started(
        client.signalWithStart(request),
        options,
        "every " + settings.intervalSeconds() + "s" + (settings.dryRun() ? " (dry run)" : ""));
  }

  private static Ensured vectorScaler(
      WorkflowClient client, WorkflowOptions options, TenantConfig tenant) {
    var scaling = tenant.getVector().getScaling();
    var settings =
        new io.logwise.workflows.vector.VectorScalerSettings(scaling.rules(), scaling.dryRun);
    var wf =
        client.newWorkflowStub(io.logwise.workflows.vector.VectorScalerWorkflow.class, options);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(
        wf::run,
        io.logwise.workflows.vector.VectorScalerInput.of(
            tenant.getName(), settings.rules(), scaling.dryRun));
    request.add(wf::configure, settings);
    return started(
        client.signalWithStart(request),
        options,
        "every minute, "
            + scaling.minInstances
            + "-"
            + scaling.maxInstances
            + " instances"
            + (scaling.dryRun ? " (dry run)" : ""));
  }

  private static Ensured plannedEvents(
      WorkflowClient client, WorkflowOptions options, TenantConfig tenant) {
    var settings = io.logwise.config.PlannedEventSettings.of(tenant);
    var wf =
        client.newWorkflowStub(io.logwise.workflows.planned.PlannedEventsWorkflow.class, options);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(
        wf::run, io.logwise.workflows.planned.PlannedEventsInput.of(tenant.getName(), settings));
    request.add(wf::configure, settings);
    return started(
        client.signalWithStart(request),
        options,
        "lead time " + settings.leadTimeSeconds() / 60 + " min");
  }

  static SupervisorSettings supervisorSettings(SparkSettings s) {
    return new SupervisorSettings(
        s.getPollInterval().toSeconds(),
        s.getSubmitGrace().toSeconds(),
        s.getRestartBackoff().toSeconds(),
        s.getRestartBackoffCap().toSeconds(),
        s.getStablePeriod().toSeconds(),
        s.getMaxReplayAge().toSeconds(),
        s.getResumeOverlap().toSeconds());
  }

  private static Ensured started(
      WorkflowExecution execution, WorkflowOptions options, String detail) {
    log.info("{} running (run {}), {}", options.getWorkflowId(), execution.getRunId(), detail);
    return new Ensured(options.getWorkflowId(), execution.getRunId());
  }
}
