package io.logwise.api.workflows;

import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.EvaluateRequest;
import io.logwise.workflows.kafka.KafkaClusterMigrationWorkflow;
import io.logwise.workflows.kafka.KafkaPartitionsState;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflow;
import io.logwise.workflows.kafka.MigrationInput;
import io.logwise.workflows.kafka.MigrationProgress;
import io.logwise.workflows.kafka.OperatorDecision;
import io.logwise.workflows.kafka.PartitionEvaluation;
import io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth;
import io.logwise.workflows.retention.RetentionActivities.FreshnessRequest;
import io.logwise.workflows.retention.RetentionActivities.FreshnessResult;
import io.logwise.workflows.retention.RetentionActivities.LifecycleResult;
import io.logwise.workflows.retention.RetentionSyncWorkflow;
import io.logwise.workflows.retention.SyncRequest;
import io.logwise.workflows.retention.SyncResult;
import io.logwise.workflows.scaling.BatchReport;
import io.logwise.workflows.scaling.OverrideRequest;
import io.logwise.workflows.scaling.OverrideState;
import io.logwise.workflows.scaling.ScalingLoopInput;
import io.logwise.workflows.scaling.ScalingLoopWorkflow;
import io.logwise.workflows.spark.CheckRequest;
import io.logwise.workflows.spark.CheckResult;
import io.logwise.workflows.spark.ControlRequest;
import io.logwise.workflows.spark.ReplayRequest;
import io.logwise.workflows.spark.ReplayStarted;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.spark.SupervisorState;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.workflow.Functions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** {@link WorkflowCommands} on Temporal, through the workflows' typed interfaces. */
public final class TemporalWorkflowCommands implements WorkflowCommands {

  private final WorkflowClient client;
  private final String taskQueue;
  private final TemporalCalls calls;
  private final BatchDelivery batches;
  // the start input for each tenant's loop, from its newest report (signal-with-start needs one)
  private final java.util.Map<String, ScalingLoopInput> starts =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** At most one batch signal per tenant this often; reports arriving meanwhile share it. */
  static final Duration BATCH_SPACING = Duration.ofMillis(50);

  /**
   * @param updateTimeout how long an update may take before the API answers 503
   * @param executor runs the waits for updates (bounded: a full pool is a 503 BUSY)
   */
  public TemporalWorkflowCommands(
      WorkflowClient client, String taskQueue, Duration updateTimeout, ExecutorService executor) {
    this(client, taskQueue, updateTimeout, executor, workflowId -> null);
  }

  /**
   * @param notProgressing what keeps a workflow from progressing ({@link
   *     WorkflowProgress#problemOf}), said in the 503s of calls that time out
   */
  public TemporalWorkflowCommands(
      WorkflowClient client,
      String taskQueue,
      Duration updateTimeout,
      ExecutorService executor,
      java.util.function.UnaryOperator<String> notProgressing) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.calls = new TemporalCalls(updateTimeout, executor, notProgressing);
    this.batches =
        new BatchDelivery(
            this::signalBatches,
            BATCH_SPACING,
            updateTimeout,
            java.util.concurrent.Executors.newScheduledThreadPool(
                8,
                r -> {
                  Thread t = new Thread(r, "batch-delivery");
                  t.setDaemon(true);
                  return t;
                }));
  }

  /** Starts the update the method names, returning once the workflow accepted it. */
  private static <A, R> WorkflowUpdateHandle<R> start(Functions.Func1<A, R> update, A argument) {
    return WorkflowClient.startUpdate(
        update,
        argument,
        UpdateOptions.<R>newBuilder().setWaitForStage(WorkflowUpdateStage.ACCEPTED).build());
  }

  /** As {@link #start(Functions.Func1, Object)}, with the update id chosen here. */
  private static <A, R> WorkflowUpdateHandle<R> start(
      Functions.Func1<A, R> update, A argument, String updateId) {
    return WorkflowClient.startUpdate(
        update,
        argument,
        UpdateOptions.<R>newBuilder()
            .setUpdateId(updateId)
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build());
  }

  private <T> T running(Class<T> type, String workflowId) {
    return client.newWorkflowStub(type, workflowId);
  }

  // ---- spark-supervisor ---------------------------------------------------------------------

  private SparkSupervisorWorkflow supervisor(String tenant) {
    return running(SparkSupervisorWorkflow.class, WorkflowIds.sparkSupervisor(tenant));
  }

  @Override
  public CheckResult checkSpark(String tenant, CheckRequest request) {
    SparkSupervisorWorkflow wf = supervisor(tenant);
    return calls.update(
        WorkflowIds.sparkSupervisor(tenant),
        "checkNow",
        "CHECK_FAILED",
        () -> start(wf::checkNow, request));
  }

  @Override
  public SupervisorState sparkState(String tenant) {
    return calls.query(WorkflowIds.sparkSupervisor(tenant), () -> supervisor(tenant).state());
  }

  @Override
  public ReplayStarted replay(String tenant, ReplayRequest request) {
    SparkSupervisorWorkflow wf = supervisor(tenant);
    return calls.update(
        WorkflowIds.sparkSupervisor(tenant),
        "replay",
        "REPLAY_FAILED",
        () -> start(wf::replay, request));
  }

  @Override
  public SupervisorState controlSpark(String tenant, SparkControl control, ControlRequest request) {
    SparkSupervisorWorkflow wf = supervisor(tenant);
    return calls.update(
        WorkflowIds.sparkSupervisor(tenant),
        control.name().toLowerCase(java.util.Locale.ROOT),
        "CONTROL_FAILED",
        () ->
            switch (control) {
              case PAUSE -> start(wf::pause, request);
              case RESUME -> start(wf::resume, request);
              case END_REPLAY -> start(wf::endReplay, request);
            });
  }

  @Override
  public CheckResult restartSpark(String tenant, ControlRequest request) {
    SparkSupervisorWorkflow wf = supervisor(tenant);
    return calls.update(
        WorkflowIds.sparkSupervisor(tenant),
        "restart",
        "RESTART_FAILED",
        () -> start(wf::restart, request));
  }

  // ---- scaling-loop -------------------------------------------------------------------------

  @Override
  public void reportBatch(String tenant, ScalingLoopInput start, BatchReport batch) {
    starts.put(tenant, start);
    batches.deliver(tenant, batch);
  }

  /**
   * One signal (with start) carrying {@code reports}: {@code batch} for one, else {@code batches}.
   */
  private void signalBatches(String tenant, List<BatchReport> reports) {
    String workflowId = WorkflowIds.scalingLoop(tenant);
    ScalingLoopInput start = starts.get(tenant);
    calls.signal(
        workflowId,
        () -> {
          ScalingLoopWorkflow wf =
              client.newWorkflowStub(
                  ScalingLoopWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(workflowId)
                      .setTaskQueue(io.logwise.workflows.Duty.SCALE.queue(taskQueue))
                      .build());
          BatchRequest request = client.newSignalWithStartRequest();
          request.add(wf::run, start);
          if (reports.size() == 1) {
            request.add(wf::batch, reports.get(0));
          } else {
            request.add(wf::batches, reports);
          }
          client.signalWithStart(request);
        });
  }

  @Override
  public OverrideState setOverride(String tenant, OverrideRequest request) {
    ScalingLoopWorkflow wf = running(ScalingLoopWorkflow.class, WorkflowIds.scalingLoop(tenant));
    return calls.update(
        WorkflowIds.scalingLoop(tenant),
        "setOverride",
        "OVERRIDE_FAILED",
        () -> start(wf::setOverride, request));
  }

  // ---- retention-sync -----------------------------------------------------------------------

  @Override
  public io.logwise.workflows.retention.RetentionSyncState retentionState(String tenant) {
    return calls.query(WorkflowIds.retentionSync(tenant), () -> retention(tenant).state());
  }

  private RetentionSyncWorkflow retention(String tenant) {
    return running(RetentionSyncWorkflow.class, WorkflowIds.retentionSync(tenant));
  }

  @Override
  public Followed<SyncResult> syncServices(String tenant, SyncRequest request) {
    RetentionSyncWorkflow wf = retention(tenant);
    String id = Operations.SYNC.newId();
    return calls.updateOrFollow(
        WorkflowIds.retentionSync(tenant),
        "syncNow",
        "SYNC_FAILED",
        () -> start(wf::syncNow, request, id));
  }

  @Override
  public LifecycleResult planLifecycle(String tenant, SyncRequest request) {
    RetentionSyncWorkflow wf = retention(tenant);
    return calls.update(
        WorkflowIds.retentionSync(tenant),
        "planLifecycle",
        "PLAN_FAILED",
        () -> start(wf::planLifecycle, request));
  }

  @Override
  public Followed<io.logwise.workflows.retention.RetentionActivities.SweepResult> planSweep(
      String tenant, SyncRequest request) {
    RetentionSyncWorkflow wf = retention(tenant);
    String id = Operations.SWEEP_PLAN.newId();
    return calls.updateOrFollow(
        WorkflowIds.retentionSync(tenant),
        "planSweep",
        "PLAN_FAILED",
        () -> start(wf::planSweep, request, id));
  }

  @Override
  public Followed<?> followOperation(String tenant, String operationId, String runId) {
    Operations op =
        Operations.of(operationId)
            .orElseThrow(
                () ->
                    io.logwise.api.errors.ApiException.notFound(
                        "UNKNOWN_OPERATION", "no operation " + operationId));
    String workflowId = WorkflowIds.retentionSync(tenant);
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            workflowId, java.util.Optional.ofNullable(runId), java.util.Optional.empty());
    return calls.follow(
        workflowId,
        op == Operations.SYNC ? "SYNC_FAILED" : "PLAN_FAILED",
        stub.getUpdateHandle(operationId, op.resultType()),
        FOLLOW_WAIT);
  }

  /** How long a follow waits for the operation before answering that it still runs. */
  static final Duration FOLLOW_WAIT = Duration.ofSeconds(10);

  @Override
  public FreshnessResult freshness(String tenant, FreshnessRequest request) {
    RetentionSyncWorkflow wf = retention(tenant);
    return calls.update(
        WorkflowIds.retentionSync(tenant),
        "freshness",
        "FRESHNESS_FAILED",
        () -> start(wf::freshness, request));
  }

  @Override
  public PipelineHealth health(String tenant, SyncRequest request) {
    RetentionSyncWorkflow wf = retention(tenant);
    return calls.update(
        WorkflowIds.retentionSync(tenant),
        "health",
        "HEALTH_FAILED",
        () -> start(wf::health, request));
  }

  // ---- kafka --------------------------------------------------------------------------------

  @Override
  public KafkaPartitionsState partitionsState(String tenant) {
    return calls.query(
        WorkflowIds.kafkaPartitions(tenant),
        () -> running(KafkaPartitionsWorkflow.class, WorkflowIds.kafkaPartitions(tenant)).state());
  }

  @Override
  public io.logwise.workflows.vector.VectorScalerState vectorState(String tenant) {
    return calls.query(
        WorkflowIds.vectorScaler(tenant),
        () ->
            running(
                    io.logwise.workflows.vector.VectorScalerWorkflow.class,
                    WorkflowIds.vectorScaler(tenant))
                .state());
  }

  @Override
  public io.logwise.workflows.planned.PlannedEventsState plannedEvents(String tenant) {
    return calls.query(WorkflowIds.plannedEvents(tenant), () -> planned(tenant).state());
  }

  @Override
  public io.logwise.workflows.planned.PlannedEventView planEvent(
      String tenant, io.logwise.workflows.planned.PlannedEventRequest request) {
    var wf = planned(tenant);
    return calls.update(
        WorkflowIds.plannedEvents(tenant), "plan", "PLAN_FAILED", () -> start(wf::plan, request));
  }

  @Override
  public io.logwise.workflows.planned.PlannedEventView cancelEvent(
      String tenant, io.logwise.workflows.planned.CancelEventRequest request) {
    var wf = planned(tenant);
    return calls.update(
        WorkflowIds.plannedEvents(tenant),
        "cancel",
        "CANCEL_FAILED",
        () -> start(wf::cancel, request));
  }

  private io.logwise.workflows.planned.PlannedEventsWorkflow planned(String tenant) {
    return running(
        io.logwise.workflows.planned.PlannedEventsWorkflow.class,
        WorkflowIds.plannedEvents(tenant));
  }

  @Override
  public PartitionEvaluation evaluatePartitions(String tenant, EvaluateRequest request) {
    KafkaPartitionsWorkflow wf =
        running(KafkaPartitionsWorkflow.class, WorkflowIds.kafkaPartitions(tenant));
    return calls.update(
        WorkflowIds.kafkaPartitions(tenant),
        "evaluateNow",
        "EVALUATION_FAILED",
        () -> start(wf::evaluateNow, request));
  }

  @Override
  public StartedMigration startMigration(MigrationInput input) {
    String workflowId = WorkflowIds.kafkaMigration(input.tenant(), input.migrationId());
    java.util.concurrent.atomic.AtomicReference<String> run =
        new java.util.concurrent.atomic.AtomicReference<>();
    io.logwise.workflows.kafka.MigrationStart start =
        calls.update(
            workflowId,
            "the start and claim",
            "NOT_STARTED",
            () -> {
              try {
                var handle =
                    io.logwise.workflows.kafka.MigrationStart.begin(client, taskQueue, input);
                run.set(handle.getExecution().getRunId());
                return handle;
              } catch (RuntimeException e) {
                if (!io.logwise.workflows.kafka.MigrationStart.idTaken(e)) {
                  throw e;
                }
                throw io.logwise.api.errors.ApiException.conflict(
                    "MIGRATION_ID_USED",
                    io.logwise.workflows.kafka.MigrationStart.idTakenMessage(input));
              }
            });
    return new StartedMigration(run.get(), start);
  }

  @Override
  public MigrationProgress decideMigration(
      String tenant, String migrationId, MigrationDecision decision, OperatorDecision request) {
    String workflowId = WorkflowIds.kafkaMigration(tenant, migrationId);
    KafkaClusterMigrationWorkflow wf = running(KafkaClusterMigrationWorkflow.class, workflowId);
    return calls.update(
        workflowId,
        decision.name().toLowerCase(java.util.Locale.ROOT),
        "MIGRATION_UPDATE_FAILED",
        () ->
            switch (decision) {
              case APPROVE -> start(wf::approve, request);
              case PROCEED -> start(wf::proceed, request);
              case ROLLBACK -> start(wf::rollback, request);
            });
  }

  @Override
  public void cancelMigration(String tenant, String migrationId) {
    String workflowId = WorkflowIds.kafkaMigration(tenant, migrationId);
    calls.cancel(
        workflowId,
        () ->
            WorkflowStub.fromTyped(running(KafkaClusterMigrationWorkflow.class, workflowId))
                .cancel());
  }
}
