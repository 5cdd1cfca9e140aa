package io.logwise.api.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands.SparkControl;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.catalog.ServiceCatalogActivities;
import io.logwise.workflows.retention.PipelineHealthActivities;
import io.logwise.workflows.retention.RetentionActivities;
import io.logwise.workflows.retention.RetentionSyncInput;
import io.logwise.workflows.retention.RetentionSyncWorkflow;
import io.logwise.workflows.retention.RetentionSyncWorkflowImpl;
import io.logwise.workflows.retention.SyncRequest;
import io.logwise.workflows.retention.SyncResult;
import io.logwise.workflows.scaling.BatchReport;
import io.logwise.workflows.scaling.FakeFleet;
import io.logwise.workflows.scaling.ScalingLoopInput;
import io.logwise.workflows.scaling.ScalingLoopWorkflow;
import io.logwise.workflows.scaling.ScalingLoopWorkflowImpl;
import io.logwise.workflows.spark.CheckAction;
import io.logwise.workflows.spark.CheckRequest;
import io.logwise.workflows.spark.CheckResult;
import io.logwise.workflows.spark.ControlRequest;
import io.logwise.workflows.spark.FakeSparkMaster;
import io.logwise.workflows.spark.ReplayRequest;
import io.logwise.workflows.spark.SparkSupervisorInput;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.spark.SparkSupervisorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Temporal port against real workflows on Temporal's in-process test server (activities faked):
 * typed calls reach the right handler, and every way a call fails is the right {@link
 * ApiException}.
 */
class TemporalWorkflowCommandsTest {

  enum Mode {
    OK,
    FAIL,
    SLOW
  }

  static volatile Mode mode = Mode.OK;
  static final List<String> syncs = new CopyOnWriteArrayList<>();
  static final FakeSparkMaster master = new FakeSparkMaster();
  static final FakeFleet fleet = new FakeFleet();
  static TestWorkflowEnvironment temporal;
  static TemporalWorkflowCommands commands;
  static TemporalWorkflowCommands shortDeadline;

  @BeforeAll
  static void start() {
    temporal = TestWorkflowEnvironment.newInstance();
    Worker worker = temporal.newWorker("logwise");
    worker.registerWorkflowImplementationTypes(
        RetentionSyncWorkflowImpl.class, SparkSupervisorWorkflowImpl.class);
    // batches start the scaling loop on its duty's queue
    Worker scale = temporal.newWorker(io.logwise.workflows.Duty.SCALE.queue("logwise"));
    scale.registerWorkflowImplementationTypes(ScalingLoopWorkflowImpl.class);
    scale.registerActivitiesImplementations(master, fleet);
    worker.registerActivitiesImplementations(
        master,
        fleet,
        (PipelineHealthActivities)
            tenant ->
                new PipelineHealthActivities.PipelineHealth(tenant, "UP", "fine", 0, List.of()),
        new RetentionActivities() {
          @Override
          public LifecycleResult reconcileLifecycle(LifecycleRequest request) {
            return new LifecycleResult(0, 0, 0, 0, 0, false, request.dryRun(), List.of(), null);
          }

          @Override
          public FreshnessResult measureFreshness(FreshnessRequest request) {
            return new FreshnessResult(request.tenant(), 0, List.of());
          }

          @Override
          public SweepResult sweepExpired(SweepRequest request) {
            return new SweepResult(
                2, 2, 0, 1, 3, request.dryRun(), List.of("logs/x/ (3 objects)"), 0, List.of());
          }
        },
        (ServiceCatalogActivities)
            request -> {
              syncs.add(request.tenant());
              switch (mode) {
                case FAIL ->
                    throw LogwiseFailures.badConfig(
                        "bucket 'acme-logs' of tenant acme does not exist");
                case SLOW -> sleep(4000);
                default -> {}
              }
              return new CatalogSyncResult(3, 1, 0, 2, List.of("search"), List.of(), null);
            });
    temporal.start();
    WorkflowClient client = temporal.getWorkflowClient();
    WorkflowClient.start(
        client.newWorkflowStub(
                RetentionSyncWorkflow.class, options(WorkflowIds.retentionSync("acme")))
            ::run,
        RetentionSyncInput.of("acme", 900));
    WorkflowClient.start(
        client.newWorkflowStub(
                SparkSupervisorWorkflow.class, options(WorkflowIds.sparkSupervisor("acme")))
            ::run,
        SparkSupervisorInput.of("acme", null));
    // a generous deadline for the calls that must finish; a short one only where a test means
    // the call to outlast it (on a busy machine a sync's activities can take seconds)
    commands =
        new TemporalWorkflowCommands(
            client, "logwise", Duration.ofSeconds(30), Executors.newCachedThreadPool());
    shortDeadline =
        new TemporalWorkflowCommands(
            client, "logwise", Duration.ofSeconds(2), Executors.newCachedThreadPool());
  }

  private static WorkflowOptions options(String id) {
    return WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("logwise").build();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  static void stop() {
    temporal.close();
  }

  @BeforeEach
  void reset() {
    mode = Mode.OK;
  }

  @Test
  void aSyncAnswersWhatTheWorkflowDid() {
    SyncResult r = done(commands.syncServices("acme", new SyncRequest("ops", "deploy")));
    assertThat(r.tenant()).isEqualTo("acme");
    assertThat(r.trigger()).isEqualTo("api: ops");
    assertThat(r.catalog().addedServices()).containsExactly("search");
  }

  @Test
  void aFailedUpdateIsA503WithTheWorkflowsWords() {
    mode = Mode.FAIL;
    assertThatThrownBy(() -> commands.syncServices("acme", new SyncRequest("ops", null)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("SYNC_FAILED");
              assertThat(e.getMessage()).contains("bucket 'acme-logs'");
            });
  }

  @Test
  void aSyncSlowerThanTheDeadlineIsHandedOverAndFollowedToItsEnd() {
    mode = Mode.SLOW;
    Followed<SyncResult> first = shortDeadline.syncServices("acme", new SyncRequest("ops", null));
    assertThat(first).isInstanceOf(Followed.Running.class);
    Followed.Running<SyncResult> running = (Followed.Running<SyncResult>) first;
    assertThat(running.operationId()).startsWith("sync-");
    assertThat(Operations.of(running.operationId())).contains(Operations.SYNC);

    // each follow waits up to 10 s; a busy machine may need more than one
    Followed<?> followed = running;
    for (int i = 0; i < 6 && followed instanceof Followed.Running; i++) {
      followed = commands.followOperation("acme", running.operationId(), running.runId());
    }
    assertThat(followed)
        .as("the sync went on in the workflow; following it waits for its end")
        .isInstanceOfSatisfying(
            Followed.Done.class,
            d ->
                assertThat(((SyncResult) d.result()).catalog().addedServices())
                    .containsExactly("search"));
  }

  @Test
  void followingAnIdTheRunDoesNotKnowIsA404() {
    SyncResult r = done(commands.syncServices("acme", new SyncRequest("ops", null)));
    assertThat(r).isNotNull();
    String run =
        temporal
            .getWorkflowClient()
            .newUntypedWorkflowStub(WorkflowIds.retentionSync("acme"))
            .describe()
            .getExecution()
            .getRunId();
    assertThatThrownBy(() -> commands.followOperation("acme", Operations.SYNC.newId(), run))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.code()).isEqualTo("UNKNOWN_OPERATION");
            });
  }

  private static <R> R done(Followed<R> f) {
    assertThat(f).isInstanceOf(Followed.Done.class);
    return ((Followed.Done<R>) f).result();
  }

  @Test
  void aWorkflowThatIsNotRunningIsA503NamingIt() {
    for (Runnable call :
        List.<Runnable>of(
            () -> commands.syncServices("globex", new SyncRequest("ops", null)),
            () -> commands.sparkState("globex"),
            () -> commands.checkSpark("globex", new CheckRequest("ops", null, null)))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.code()).isEqualTo("WORKFLOW_NOT_RUNNING");
                assertThat(e.getMessage()).contains("/globex is not running");
              });
    }
  }

  @Test
  void theWorkflowsValidatorsAre400sWithTheirReasons() {
    long now = temporal.currentTimeMillis();
    assertThatThrownBy(
            () -> commands.replay("acme", new ReplayRequest(now + 3_600_000, null, "x", "ops")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("is in the future");
            });
    assertThatThrownBy(
            () ->
                commands.replay(
                    "acme",
                    new ReplayRequest(now - Duration.ofDays(9).toMillis(), null, "x", "ops")))
        .hasMessageContaining("before the oldest replayable time");
    assertThatThrownBy(
            () ->
                commands.controlSpark(
                    "acme", SparkControl.END_REPLAY, new ControlRequest("ops", null)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("no replay is active");
    assertThat(master.kills).isEmpty();
  }

  @Test
  void typedCallsReachTheirHandlers() {
    CheckResult check = commands.checkSpark("acme", new CheckRequest("ops", null, null));
    assertThat(check.submissionId()).isEqualTo("driver-1");
    assertThat(check.action()).isIn(CheckAction.SUBMITTED, CheckAction.NONE);
    assertThat(commands.sparkState("acme").driver().submissionId()).isEqualTo("driver-1");
    assertThat(
            commands
                .controlSpark("acme", SparkControl.PAUSE, new ControlRequest("ops", null))
                .control()
                .paused())
        .isTrue();
    assertThat(
            commands
                .controlSpark("acme", SparkControl.RESUME, new ControlRequest("ops", null))
                .control()
                .paused())
        .isFalse();
  }

  @Test
  void retentionPlansReachTheRetentionWorkflow() {
    assertThat(commands.planLifecycle("acme", new SyncRequest("ops", null)).dryRun()).isTrue();
    RetentionActivities.SweepResult sweep =
        done(commands.planSweep("acme", new SyncRequest("ops", null)));
    assertThat(sweep.dryRun()).isTrue();
    assertThat(sweep.plan()).containsExactly("logs/x/ (3 objects)");
  }

  @Test
  void aBatchStartsTheLoopAndIsEvaluated() {
    commands.reportBatch(
        "acme",
        ScalingLoopInput.of("acme", ScalingConfig.REFERENCE, false),
        new BatchReport("b1", 5, 1, 1000, 2000, null, "ok", null, null, null));
    ScalingLoopWorkflow loop =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(ScalingLoopWorkflow.class, WorkflowIds.scalingLoop("acme"));
    long until = System.nanoTime() + 10_000_000_000L;
    while (fleet.recorded.isEmpty() && System.nanoTime() < until) {
      sleep(50);
    }
    assertThat(fleet.recorded)
        .singleElement()
        .satisfies(d -> assertThat(d.batchId()).isEqualTo("b1"));
    assertThat(loop.state().evaluations()).isEqualTo(1);
  }

  @Test
  void anUnreachableTemporalIsA503AndTheBatchIsNotAccepted() {
    WorkflowClient unreachable =
        WorkflowClient.newInstance(
            WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder()
                    .setTarget("127.0.0.1:1")
                    .setRpcRetryOptions(
                        RpcRetryOptions.newBuilder()
                            .setExpiration(Duration.ofSeconds(2))
                            .validateBuildWithDefaults())
                    .build()));
    TemporalWorkflowCommands down =
        new TemporalWorkflowCommands(
            unreachable, "logwise", Duration.ofSeconds(2), Executors.newCachedThreadPool());
    assertThatThrownBy(
            () ->
                down.reportBatch(
                    "acme",
                    ScalingLoopInput.of("acme", ScalingConfig.REFERENCE, false),
                    new BatchReport("b1", 5, 1, 1000, 2000, null, "ok", null, null, null)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.code()).isIn("TEMPORAL_UNAVAILABLE", "NOT_DELIVERED");
            });
  }
}
