package io.logwise.workflows.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.scaling.ScalingDecision.Why;
import io.logwise.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScalingLoopWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              ScalingLoopWorkflowImpl.OPTIONS, ScalingLoopWorkflowImpl.class)
          .setWorkerFactoryOptions(
              io.temporal.worker.WorkerFactoryOptions.newBuilder()
                  .setWorkerInterceptors(io.logwise.workflows.Together.INTERCEPTOR)
                  .build())
          .setDoNotStart(true)
          .build();

  private final FakeFleet fleet = new FakeFleet();
  private TestWorkflowEnvironment testEnv;
  private static final long M = 1_000_000;

  private ScalingLoopWorkflow start(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c, ScalingLoopInput in) {
    testEnv = e;
    w.registerActivitiesImplementations(fleet);
    e.start();
    ScalingLoopWorkflow wf =
        c.newWorkflowStub(
            ScalingLoopWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.scalingLoop(in.tenant()))
                .setTaskQueue(w.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, in);
    return wf;
  }

  private static BatchReport batch(int n, long inputRecords) {
    long t = 1_700_000_000_000L + n * 60_000L;
    return new BatchReport(
        "b" + n, inputRecords, 10, t, t + 20_000, null, "succeeded", null, true, true);
  }

  /**
   * The reference's worked example 2: five growing batches (2M … 4M records) and WAL 57, which take
   * 3 workers to 7.
   */
  private void sendRamp(ScalingLoopWorkflow wf) {
    fleet.wal = List.of("57");
    send(
        wf,
        batch(1, 2 * M),
        batch(2, 25 * M / 10),
        batch(3, 3 * M),
        batch(4, 35 * M / 10),
        batch(5, 4 * M));
  }

  private void send(ScalingLoopWorkflow wf, BatchReport... reports) {
    for (BatchReport r : reports) {
      wf.batch(r);
    }
    testEnv.sleep(Duration.ofSeconds(5));
  }

  @Test
  void twoOverridesDeliveredTogetherAreSavedOneAtATimeInOrder(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    wf.setOverride(new OverrideRequest(null, null, "ops")); // the run is up
    fleet.saveMillis = 300;
    assertThat(
            io.logwise.workflows.Together.deliver(
                c,
                WorkflowIds.scalingLoop("acme"),
                new io.logwise.workflows.Together.Update(
                    "setOverride", new OverrideRequest(false, null, "alice"), OverrideState.class),
                new io.logwise.workflows.Together.Update(
                    "setOverride", new OverrideRequest(null, false, "bob"), OverrideState.class)))
        .as("both passed the validator and were saved")
        .allMatch(o -> o.accepted() && o.taken());
    assertThat(fleet.mostSavingAtOnce.get()).as("saved one at a time").isEqualTo(1);
    assertThat(wf.state().override())
        .as("the loop holds what the database holds")
        .isEqualTo(fleet.stored);
  }

  @Test
  void oneDecisionPerBatchAndRetriedReportsCountOnce(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    fleet.wal = List.of("57");
    send(
        wf,
        batch(1, 2 * M),
        batch(2, 25 * M / 10),
        batch(3, 3 * M),
        batch(3, 3 * M),
        batch(4, 35 * M / 10));
    assertThat(wf.decisions())
        .hasSize(4)
        .allSatisfy(d -> assertThat(d.why()).isEqualTo(Why.NOT_ENOUGH_DATA));

    send(wf, batch(5, 4 * M), batch(5, 4 * M));

    List<DecisionRecord> ds = wf.decisions();
    assertThat(ds).hasSize(5);
    DecisionRecord last = ds.get(4);
    assertThat(last.action()).isEqualTo(ScalingDecision.Action.UPSCALE);
    assertThat(last.targetWorkers()).isEqualTo(7); // the reference's example 2
    assertThat(last.expectedWorkers()).isEqualTo(7);
    assertThat(last.outcome()).isEqualTo("desired 7");
    assertThat(last.evidence().inputRecordsNewestFirst())
        .containsExactly(4 * M, 35 * M / 10, 3 * M, 25 * M / 10, 2 * M);
    assertThat(last.evidence().latestWal()).isEqualTo("57");
    assertThat(fleet.scaled)
        .singleElement()
        .extracting(ScaleFleetRequest::targetWorkers)
        .isEqualTo(7);
    assertThat(fleet.recorded).hasSize(5);
    assertThat(fleet.prunes)
        .as("old batches pruned on the first evaluation, then every 100")
        .hasValue(1);
  }

  @Test
  void workersStillBootingAreNotMissingSoThereIsNoSecondUpscale(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    fleet.bootAtOnce = false;
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    sendRamp(wf);
    assertThat(fleet.scaled).hasSize(1);

    send(wf, batch(6, 4 * M)); // still expects 7; alive is 3 of desired 7 while booting
    DecisionRecord next = wf.decisions().get(5);
    assertThat(next.evidence().booting()).isTrue();
    assertThat(next.actualWorkers()).isEqualTo(7);
    assertThat(next.action()).isEqualTo(ScalingDecision.Action.NONE);
    assertThat(fleet.scaled).hasSize(1);

    testEnv.sleep(
        Duration.ofMinutes(11)); // past the boot timeout the missing workers count as missing
    send(wf, batch(7, 4 * M));
    assertThat(wf.decisions().get(6).evidence().booting()).isFalse();
    assertThat(wf.decisions().get(6).action()).isEqualTo(ScalingDecision.Action.UPSCALE);
  }

  @Test
  void theOverrideWinsAndCanBeCleared(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    fleet.desired = 8;
    fleet.alive = 8;
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    OverrideState set = wf.setOverride(new OverrideRequest(null, false, "ops"));
    assertThat(set.enableDownScale()).isFalse();
    assertThat(fleet.stored.enableDownScale()).isFalse();

    send(wf, batch(1, M), batch(2, M), batch(3, M), batch(4, M), batch(5, M));
    assertThat(wf.decisions().get(4).why()).isEqualTo(Why.DOWNSCALE_DISABLED);
    assertThat(fleet.scaled).isEmpty();

    wf.setOverride(new OverrideRequest(null, null, "ops"));
    send(wf, batch(6, M));
    assertThat(wf.decisions().get(5).action()).isEqualTo(ScalingDecision.Action.DOWNSCALE);
    assertThat(fleet.scaled)
        .singleElement()
        .extracting(ScaleFleetRequest::targetWorkers)
        .isEqualTo(6);
  }

  /**
   * An override can reach a run in its first workflow task, before {@code run} has read its input
   * (right after continue-as-new, or sent with the start): it was saved for no tenant, and the
   * carried-over override then replaced it in the loop, which went on deciding with the old one.
   */
  @Test
  void anOverrideDeliveredWithTheFirstTaskOfARunHolds(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    testEnv = e;
    w.registerActivitiesImplementations(fleet);
    e.start();
    ScalingLoopWorkflow wf =
        io.logwise.workflows.Runs.firstTaskStub(
            c, w, ScalingLoopWorkflow.class, WorkflowIds.scalingLoop("acme"));
    ScalingLoopState carried =
        new ScalingLoopState(
            "acme",
            null,
            null,
            new OverrideState("acme", null, false),
            null,
            0,
            3,
            0,
            null,
            null,
            0,
            null,
            null,
            null);
    OverrideState set =
        WorkflowClient.executeUpdateWithStart(
            wf::setOverride,
            new OverrideRequest(null, null, "ops"),
            io.logwise.workflows.Runs.completed(OverrideState.class),
            new io.temporal.client.WithStartWorkflowOperation<>(
                wf::run, new ScalingLoopInput("acme", null, false, null, null, carried)));

    assertThat(set.tenant()).isEqualTo("acme");
    assertThat(fleet.stored.tenant()).isEqualTo("acme");
    assertThat(fleet.stored.enableDownScale()).isNull();
    assertThat(wf.state().override().enableDownScale()).as("the loop decides with it").isNull();
  }

  @Test
  void aStoredOverrideIsLoadedOnStart(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    fleet.stored = new OverrideState("acme", false, null);
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    testEnv.sleep(Duration.ofSeconds(1));
    assertThat(wf.state().override().enableUpScale()).isFalse();
  }

  @Test
  void settingsSentWithStartApplyToTheFirstBatch(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    testEnv = e;
    w.registerActivitiesImplementations(fleet);
    e.start();
    ScalingLoopWorkflow wf =
        c.newWorkflowStub(
            ScalingLoopWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.scalingLoop("acme"))
                .setTaskQueue(w.getTaskQueue())
                .build());
    io.temporal.client.BatchRequest request = c.newSignalWithStartRequest();
    request.add(wf::run, ScalingLoopInput.of("acme", null, false));
    request.add(wf::configure, new ScalingLoopSettings(null, true));
    c.signalWithStart(request);
    sendRamp(wf);

    assertThat(wf.decisions().get(4).outcome()).startsWith("dry run");
    assertThat(fleet.scaled).isEmpty();
  }

  @Test
  void dryRunRecordsWithoutActing(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, true));
    sendRamp(wf);

    assertThat(wf.decisions().get(4).outcome()).isEqualTo("dry run: would go from 3 to 7");
    assertThat(fleet.scaled).isEmpty();
  }

  @Test
  void aNoneFleetDecidesButDoesNotAct(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    fleet.type = FleetKind.NONE;
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    sendRamp(wf);

    assertThat(wf.decisions().get(4).action()).isEqualTo(ScalingDecision.Action.UPSCALE);
    assertThat(wf.decisions().get(4).outcome()).contains("not acted");
    assertThat(fleet.scaled).isEmpty();
  }

  /**
   * Issue 23: a version branch may be retired once no run can still take it, which holds only if
   * every run hands over within a known time. An idle loop (no batches for hours) used to wait in
   * one run forever; now each run continues as new once it is an hour old, state and all.
   */
  @Test
  void anIdleRunHandsOverEveryHourAndKeepsItsState(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf =
        start(
            e,
            w,
            c,
            new ScalingLoopInput("acme", ScalingConfig.REFERENCE, false, null, null, null));
    sendRamp(wf);
    ScalingLoopState before = wf.state();
    assertThat(before.evaluations()).isEqualTo(5);

    testEnv.sleep(ScalingLoopWorkflowImpl.RUN_AGE_LIMIT.multipliedBy(3).plusMinutes(1));

    java.util.List<io.temporal.api.history.v1.HistoryEvent> starts =
        c.fetchHistory(WorkflowIds.scalingLoop("acme")).getEvents().stream()
            .filter(ev -> ev.hasWorkflowExecutionStartedEventAttributes())
            .toList();
    assertThat(
            starts.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
        .as("the latest run was continued from another")
        .isNotEmpty();
    assertThat(
            testEnv
                .getWorkflowClient()
                .getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                    io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(testEnv.getNamespace())
                        .setExecution(
                            io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                .setWorkflowId(WorkflowIds.scalingLoop("acme")))
                        .build())
                .getWorkflowExecutionInfo()
                .getStartTime()
                .getSeconds())
        .as("the running run started within the last hour")
        .isGreaterThan(testEnv.currentTimeMillis() / 1000 - 3600);
    ScalingLoopState after = wf.state();
    assertThat(after.evaluations()).isEqualTo(before.evaluations());
    assertThat(after.decisions()).isEqualTo(before.decisions());
    assertThat(after.window()).isEqualTo(before.window());
  }

  /**
   * Found by trying: {@code temporal workflow start --input} with a config naming an unknown policy
   * left the run failing its first task again and again (the config cannot be constructed), with
   * nothing said to the operator. Now the run fails, with the reason.
   */
  @Test
  void anInputItCannotReadFailsTheRunWithTheReason(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    testEnv = e;
    w.registerActivitiesImplementations(fleet);
    e.start();
    io.temporal.client.WorkflowStub stub =
        c.newUntypedWorkflowStub(
            "ScalingLoopWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.scalingLoop("acme"))
                .setTaskQueue(w.getTaskQueue())
                .build());
    stub.start(Map.of("tenant", "acme", "config", Map.of("policy", "magic")));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> stub.getResult(60, java.util.concurrent.TimeUnit.SECONDS, Void.class))
        .isInstanceOf(io.temporal.client.WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("unknown scaling policy 'magic' (known: classic, adaptive)");
  }

  @Test
  void continueAsNewKeepsTheBatchWindow(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf =
        start(
            e, w, c, new ScalingLoopInput("acme", ScalingConfig.REFERENCE, false, null, 40, null));
    fleet.wal = List.of("57");
    for (int i = 1; i <= 8; i++) {
      send(wf, batch(i, (10 + i) * M / 10));
    }
    long runs =
        c.fetchHistory(WorkflowIds.scalingLoop("acme")).getEvents().stream()
            .filter(ev -> ev.hasWorkflowExecutionStartedEventAttributes())
            .filter(
                ev ->
                    !ev.getWorkflowExecutionStartedEventAttributes()
                        .getContinuedExecutionRunId()
                        .isEmpty())
            .count();
    assertThat(runs).as("continued as new").isEqualTo(1);
    ScalingLoopState st = wf.state();
    assertThat(st.evaluations()).isEqualTo(8);
    assertThat(st.window()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(st.decisions()).hasSize(8);
    send(wf, batch(8, 9 * M)); // a retry from before continue-as-new is still a duplicate
    assertThat(wf.state().evaluations()).isEqualTo(8);
  }

  /**
   * Issue 15's burst: batches arriving far faster than they are evaluated (the API accepts ~290/s,
   * the loop evaluates ~15/s) grew one run past 45,000 events, because the budget was only checked
   * once the queue was empty. Now no run goes far past its limit, queued batches cross into the
   * next run, a backlog is one evaluation, and every batch is covered by exactly one decision.
   */
  @Test
  void aBurstOfBatchesKeepsEveryRunBoundedAndEveryBatchCounted(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    int limit = 500; // a small per-run limit, so the burst crosses it many times
    ScalingLoopWorkflow wf =
        start(e, w, c, new ScalingLoopInput("acme", null, false, null, limit, null));
    // 500 reports/s, well above the ~290/s the API accepts, sent as the API sends a burst: one
    // signal per 50 ms carrying what arrived meanwhile (every signal is history the workflow
    // cannot refuse; one signal per report left no gap to continue as new in)
    int signals = 120;
    int each = 25;
    long t0 = System.nanoTime();
    for (int k = 0; k < signals; k++) {
      java.util.concurrent.locks.LockSupport.parkNanos(t0 + k * 50_000_000L - System.nanoTime());
      List<BatchReport> reports = new java.util.ArrayList<>();
      for (int i = k * each; i < (k + 1) * each; i++) {
        reports.add(batch(i, 2 * M + i));
      }
      wf.batches(reports);
    }
    wf.batch(batch(signals * each, 3 * M)); // the newest, sent once the burst is over
    int total = signals * each + 1;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (covered() < total && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(covered()).as("every batch covered by exactly one decision").isEqualTo(total);
    assertThat(fleet.recorded.get(fleet.recorded.size() - 1).batchId())
        .as("the loop is current: the newest batch is the last decided")
        .isEqualTo("b" + signals * each);
    assertThat(fleet.recorded.size())
        .as("a backlog is evaluated once, not once per stale batch")
        .isLessThan(total / 2);
    List<io.temporal.common.WorkflowExecutionHistory> runs =
        io.logwise.workflows.Runs.of(c, WorkflowIds.scalingLoop("acme"));
    assertThat(runs.size()).as("continued as new").isGreaterThan(1);
    assertThat(io.logwise.workflows.Runs.longest(runs))
        .as(
            "no run far past its limit (the queue was never empty, so before the fix one run took"
                + " it all)")
        .isLessThanOrEqualTo(2 * limit);
    assertThat(wf.state().pendingBatches()).isEmpty();
  }

  private int covered() {
    return fleet.recorded.stream().mapToInt(d -> d.batches() == null ? 1 : d.batches()).sum();
  }

  @Test
  void eachOutsideQuestionFailsInItsOwnWords(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    fleet.walFailure = io.logwise.workflows.LogwiseFailures.unavailable("the bucket is down", null);
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    send(wf, batch(1, M));
    DecisionRecord d = wf.decisions().get(0);
    assertThat(d.why()).isEqualTo(Why.CANNOT_OBSERVE);
    assertThat(d.reason()).startsWith("cannot list the WAL files: ").contains("the bucket is down");
    assertThat(fleet.observations).as("the fleet itself answered").hasPositiveValue();
  }

  @Test
  void aFailedAnswerWhileAnotherIsAwaitedLeavesNothingUnreadWhenTheInstanceCloses(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    // the WAL listing fails at once while the master takes its time; the instance is then closed
    // (as the worker does after every task without sticky execution, or on eviction): the SDK
    // logs every failed answer nobody read, with its stack trace
    fleet.walFailure = io.logwise.workflows.LogwiseFailures.unavailable("the bucket is down", null);
    fleet.masterDelayMillis = 60_000;
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(
          new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
      wf.batch(batch(1, M));
      // until the WAL's failure reached the workflow (a task completed after it); the master
      // still answers
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(50);
      while (!taskCompletedAfterAFailedActivity(c, WorkflowIds.scalingLoop("acme"))) {
        assertThat(System.nanoTime()).as("the WAL's failure arrives").isLessThan(until);
        Thread.sleep(100);
      }
      e.shutdownNow(); // closes every cached instance, on Temporal's shutdown thread
      e.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      long closed = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
      while (!captured.toString(java.nio.charset.StandardCharsets.UTF_8).contains("never accessed")
          && System.nanoTime() < closed) {
        Thread.sleep(100);
      }
    } finally {
      System.setErr(err);
    }
    assertThat(fleet.observations).as("the evaluation had begun").hasPositiveValue();
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("was never accessed");
  }

  private static boolean taskCompletedAfterAFailedActivity(WorkflowClient c, String id) {
    boolean failed = false;
    for (var event : c.fetchHistory(id).getEvents()) {
      switch (event.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_FAILED -> failed = true;
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          if (failed) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  @Test
  void withTheMasterDownItStillScalesUpButNeverDown(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    fleet.masterFailure =
        io.logwise.workflows.LogwiseFailures.unavailable(
            "Spark master unreachable when asked to read /json/: connection refused by"
                + " 127.0.0.1:8080",
            null);
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    sendRamp(wf); // asks for more: adding workers needs nothing from the master
    testEnv.sleep(Duration.ofMinutes(1)); // each look at the master is retried before it fails
    DecisionRecord up = wf.decisions().get(4);
    assertThat(up.action()).isEqualTo(ScalingDecision.Action.UPSCALE);
    assertThat(up.outcome())
        .startsWith("desired ")
        .endsWith("(the master could not be read: alive workers from the fleet)");
    assertThat(fleet.scaled).singleElement().satisfies(r -> assertThat(r.master()).isNull());

    fleet.desired = 8;
    fleet.alive = 8;
    send(wf, batch(6, M), batch(7, M), batch(8, M), batch(9, M), batch(10, M));
    testEnv.sleep(Duration.ofMinutes(1));
    DecisionRecord down = wf.decisions().get(wf.decisions().size() - 1);
    assertThat(down.action()).isEqualTo(ScalingDecision.Action.NONE);
    assertThat(down.why()).isEqualTo(Why.CANNOT_OBSERVE);
    assertThat(down.reason())
        .startsWith(
            "cannot read the Spark master: Spark master unreachable when asked to read /json/:"
                + " connection refused by 127.0.0.1:8080")
        .contains("no scale-down without knowing the driver's host (the policy asked for 6)");
    assertThat(fleet.scaled).as("nothing removed").hasSize(1);
  }

  /**
   * Each batch is taken in with the executor cores the master grants the job when the loop reads
   * it, right after the batch ended; revision 8 measures on the fewer of those and the listener's.
   */
  @Test
  void eachBatchIsTakenInWithTheCoresTheMasterGrantsTheJobAsItEnds(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    fleet.granted = 5;
    send(wf, batch(1, M));
    fleet.granted = 1;
    send(wf, batch(2, M));
    fleet.granted = null;
    send(wf, batch(3, M));
    assertThat(wf.state().window())
        .extracting(io.logwise.policy.scaling.BatchSample::grantedCores)
        .containsExactly(5, 1, null);
  }

  @Test
  void aScaleDownCarriesTheMasterItWasDecidedOn(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    fleet.desired = 8;
    fleet.alive = 8;
    ScalingLoopWorkflow wf = start(e, w, c, ScalingLoopInput.of("acme", null, false));
    send(wf, batch(1, M), batch(2, M), batch(3, M), batch(4, M), batch(5, M));
    ScaleFleetRequest down = fleet.scaled.get(0);
    assertThat(down.targetWorkers()).isEqualTo(6);
    assertThat(down.master())
        .isEqualTo(new MasterView(8, "worker-1", "host-1", List.of("host-2", "host-3")));
  }
}
