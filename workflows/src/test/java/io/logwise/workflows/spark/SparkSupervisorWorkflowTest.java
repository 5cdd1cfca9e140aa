package io.logwise.workflows.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SparkSupervisorWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(SparkSupervisorWorkflowImpl.class)
          .setWorkerFactoryOptions(
              io.temporal.worker.WorkerFactoryOptions.newBuilder()
                  .setWorkerInterceptors(io.logwise.workflows.Together.INTERCEPTOR)
                  .build())
          .setDoNotStart(true)
          .build();

  private final FakeSparkMaster master = new FakeSparkMaster();
  private TestWorkflowEnvironment testEnv;

  private SparkSupervisorWorkflow start(
      TestWorkflowEnvironment e, Worker worker, WorkflowClient client, SparkSupervisorInput in) {
    testEnv = e;
    worker.registerActivitiesImplementations(master);
    e.start();
    SparkSupervisorWorkflow wf =
        client.newWorkflowStub(
            SparkSupervisorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("spark-supervisor/" + in.tenant())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, in);
    return wf;
  }

  private SparkSupervisorWorkflow start(
      TestWorkflowEnvironment e, Worker worker, WorkflowClient client) {
    return start(e, worker, client, SparkSupervisorInput.of("acme", null));
  }

  private void sleep(Duration d) {
    testEnv.sleep(d);
  }

  @Test
  void settingsSentWithSignalWithStartApplyBeforeTheFirstLook(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    testEnv = e;
    w.registerActivitiesImplementations(master);
    e.start();
    SparkSupervisorWorkflow wf =
        c.newWorkflowStub(
            SparkSupervisorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("spark-supervisor/acme")
                .setTaskQueue(w.getTaskQueue())
                .build());
    io.temporal.client.BatchRequest request = c.newSignalWithStartRequest();
    request.add(wf::run, SparkSupervisorInput.of("acme", null));
    request.add(wf::applySettings, new SupervisorSettings(60L, null, null, null, null, null, null));
    c.signalWithStart(request);
    sleep(Duration.ofMinutes(2));

    assertThat(wf.state().settings().pollIntervalSeconds()).isEqualTo(60);
    assertThat(wf.state().settings().submitGraceSeconds()).isEqualTo(60);
    assertThat(master.submissions).hasSize(1);
  }

  /**
   * An operator's check can reach a run in its first workflow task, before {@code run} has built
   * the state: right after continue-as-new (a burst of checks hit it), or sent with the start. The
   * handler then failed the task on a null state, every retry failed the same way, and the
   * supervisor and every caller stood still.
   */
  @Test
  void aCheckDeliveredWithTheFirstTaskOfARunIsAnswered(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    testEnv = e;
    w.registerActivitiesImplementations(master);
    e.start();
    SparkSupervisorWorkflow wf =
        io.logwise.workflows.Runs.firstTaskStub(
            c, w, SparkSupervisorWorkflow.class, "spark-supervisor/acme");
    CheckResult first =
        WorkflowClient.executeUpdateWithStart(
            wf::checkNow,
            new CheckRequest("ops", null, null),
            io.logwise.workflows.Runs.completed(CheckResult.class),
            new io.temporal.client.WithStartWorkflowOperation<>(
                wf::run, SparkSupervisorInput.of("acme", null)));

    assertThat(first.action()).isEqualTo(CheckAction.SUBMITTED);
    assertThat(first.submissionId()).isEqualTo("driver-1");
    sleep(Duration.ofMinutes(1));
    assertThat(master.submissions).as("the run's own first look adopts it").hasSize(1);
  }

  @Test
  void submitsOnceAndLeavesARunningDriverAlone(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(10));

    assertThat(master.submissions).hasSize(1);
    SupervisorState st = wf.state();
    assertThat(st.driver().submissionId()).isEqualTo("driver-1");
    assertThat(st.driver().driverState()).isEqualTo(DriverStatus.RUNNING);
    assertThat(st.driver().runningSinceMillis()).isPositive();
  }

  @Test
  void aDeadDriverIsResubmittedExactlyOnce(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(2));
    master.set("driver-1", "FAILED");

    sleep(Duration.ofMinutes(10));

    assertThat(master.submissions).hasSize(2);
    assertThat(master.alive()).containsExactly("driver-2");
    assertThat(wf.state().backoff().consecutiveCrashes()).isEqualTo(1);
  }

  @Test
  void aKilledDriverIsRestartedAtOnceWithoutSpendingTheBudget(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(1));
    for (int i = 1; i <= 3; i++) {
      master.set("driver-" + i, "KILLED");
      sleep(Duration.ofSeconds(16));
    }
    assertThat(master.submissions).hasSize(4);
    assertThat(wf.state().backoff().consecutiveCrashes()).isZero();
  }

  @Test
  void aSubmittedDriverIsNeverDuplicated(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    master.stateOfNewDrivers = "SUBMITTED";
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofSeconds(90));
    master.set("driver-1", "RELAUNCHING");
    sleep(Duration.ofSeconds(90));

    assertThat(master.submissions).hasSize(1);
    assertThat(wf.state().driver().driverState()).isEqualTo(DriverStatus.RELAUNCHING);
  }

  @Test
  void aFlappingMasterNeverCausesASubmission(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(1));
    for (int i = 0; i < 4; i++) {
      master.reachable = false;
      sleep(Duration.ofSeconds(45));
      assertThat(wf.state().driver().driverState()).isEqualTo(DriverStatus.UNREACHABLE);
      master.reachable = true;
      sleep(Duration.ofSeconds(45));
    }
    assertThat(master.submissions).hasSize(1);
    assertThat(wf.state().driver().driverState()).isEqualTo(DriverStatus.RUNNING);
  }

  @Test
  void aCrashLoopBacksOffThenAStableRunResetsTheBudget(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    master.stateOfNewDrivers = "FAILED";
    SparkSupervisorWorkflow wf = start(e, w, c);
    List<Long> submittedAt = new ArrayList<>();
    long t0 = e.currentTimeMillis();
    int seen = 0;
    while (e.currentTimeMillis() - t0 < Duration.ofMinutes(20).toMillis()) {
      sleep(Duration.ofSeconds(5));
      if (master.submissions.size() > seen) {
        seen = master.submissions.size();
        submittedAt.add(e.currentTimeMillis());
      }
    }
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < submittedAt.size(); i++) {
      gaps.add((submittedAt.get(i) - submittedAt.get(i - 1)) / 1000);
    }
    // crash 1: at once (next poll); 2: ~30 s; 3: ~60 s; 4: ~120 s; 5: ~240 s (±20 % jitter, +poll)
    assertThat(gaps.size()).isBetween(4, 7);
    assertThat(gaps.get(0)).isLessThanOrEqualTo(20);
    for (int i = 2; i < gaps.size(); i++) {
      assertThat(gaps.get(i)).as("gaps %s grow", gaps).isGreaterThan(gaps.get(i - 1));
    }
    assertThat(wf.state().backoff().consecutiveCrashes()).isGreaterThanOrEqualTo(4);

    // a driver that stays up for the stable period earns a fresh budget
    master.stateOfNewDrivers = "RUNNING";
    sleep(Duration.ofMinutes(15));
    String running = wf.state().driver().submissionId();
    assertThat(master.state(running)).isEqualTo("RUNNING");
    sleep(Duration.ofMinutes(61));
    int before = master.submissions.size();
    master.set(running, "FAILED");
    sleep(Duration.ofSeconds(20));
    assertThat(master.submissions).hasSize(before + 1);
    assertThat(wf.state().backoff().consecutiveCrashes()).isEqualTo(1);
  }

  @Test
  void aRejectedSubmissionStopsAndReportsUntilResumed(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    master.rejectSubmissions = true;
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(10));

    SupervisorState st = wf.state();
    assertThat(st.control().stoppedReason())
        .contains("rejected")
        .contains("appResource is missing");
    assertThat(master.submissions).isEmpty();
    CheckResult check = wf.checkNow(new CheckRequest("ops", null, null));
    assertThat(check.action()).isEqualTo(CheckAction.STOPPED);

    master.rejectSubmissions = false;
    wf.resume(new ControlRequest("ops", "fixed the jar path"));
    sleep(Duration.ofSeconds(5));
    assertThat(master.submissions).hasSize(1);
    assertThat(wf.state().control().stoppedReason()).isNull();
  }

  @Test
  void aWorkerCrashBetweenSubmitAndRecordStillLeavesOneDriver(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    master.crashAfterNextSubmit.set(1);
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(5));

    assertThat(master.alive()).containsExactly("driver-1");
    assertThat(master.byKey).hasSize(1);
    assertThat(wf.state().driver().submissionId()).isEqualTo("driver-1");
  }

  @Test
  void checkNowAnswersWhatItSawAndDid(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofSeconds(5));
    CheckResult fine = wf.checkNow(new CheckRequest("ops", null, null));
    assertThat(fine)
        .isEqualTo(
            new CheckResult(
                DriverStatus.RUNNING, CheckAction.NONE, "driver-1", "driver is RUNNING"));

    master.set("driver-1", "KILLED");
    CheckResult resubmitted = wf.checkNow(new CheckRequest("ops", 2, 4));
    assertThat(resubmitted.action()).isEqualTo(CheckAction.SUBMITTED);
    assertThat(resubmitted.submissionId()).isEqualTo("driver-2");
    SubmitRequest last = master.submissions.get(1);
    assertThat(last.driverCores()).isEqualTo(2);
    assertThat(last.driverMemoryGb()).isEqualTo(4);
  }

  @Test
  void aLiveDriverOfOursIsAdoptedNotDuplicated(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    master.set("driver-from-before", "RUNNING");
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(2));

    assertThat(master.submissions).isEmpty();
    assertThat(wf.state().driver().submissionId()).isEqualTo("driver-from-before");
    assertThat(wf.state().driver().driverState()).isEqualTo(DriverStatus.RUNNING);
  }

  @Test
  void pausedSupervisionDoesNotRestartAndResumeDoes(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofSeconds(5));
    assertThat(wf.pause(new ControlRequest("ops", "maintenance")).control().paused()).isTrue();
    master.set("driver-1", "FAILED");
    sleep(Duration.ofMinutes(5));
    assertThat(master.submissions).hasSize(1);
    CheckResult look = wf.checkNow(new CheckRequest("ops", null, null));
    assertThat(look.driver())
        .as("what the master says now, not the RUNNING seen before the pause")
        .isEqualTo(DriverStatus.FAILED);
    assertThat(look.action()).isEqualTo(CheckAction.NONE);
    assertThat(master.submissions).as("a paused check acts on nothing").hasSize(1);

    wf.resume(new ControlRequest("ops", null));
    sleep(Duration.ofSeconds(5));
    assertThat(master.submissions).hasSize(2);
  }

  /**
   * Issue 12's finding: after a master restart without recovery the supervisor submitted a new
   * driver 3.6 s after the master came back, 22 s before the old driver's worker re-registered: two
   * drivers. Now a driver the master forgot is only gone after the grace.
   */
  @Test
  void aMasterThatComesBackWithoutItsDriversGetsTimeForItsWorkersToReRegister(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofSeconds(5));
    master.reachable = false;
    sleep(Duration.ofSeconds(30));
    master.forget("driver-1"); // restarted without recovery; the driver still runs on its worker
    master.reachable = true;

    sleep(Duration.ofSeconds(20));
    assertThat(master.submissions).as("no second driver while workers re-register").hasSize(1);
    assertThat(wf.state().journal().lastAction()).isNotNull();
    master.set("driver-1", "RUNNING"); // its worker re-registered: the master knows it again
    sleep(Duration.ofSeconds(90));
    assertThat(master.submissions).as("the driver was never gone").hasSize(1);
    assertThat(wf.state().driver().driverState()).isEqualTo(DriverStatus.RUNNING);
  }

  @Test
  void aDriverTheMasterStillDoesNotKnowAfterTheGraceIsReplaced(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    start(e, w, c);
    sleep(Duration.ofSeconds(5));
    master.reachable = false;
    sleep(Duration.ofSeconds(30));
    master.forget("driver-1");
    master.reachable = true;

    sleep(Duration.ofSeconds(40));
    assertThat(master.submissions).hasSize(1);
    sleep(Duration.ofSeconds(60));
    assertThat(master.submissions).as("gone for good: resubmitted once").hasSize(2);
  }

  @Test
  void restartKillsAndSubmitsAFreshDriver(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofSeconds(5));
    CheckResult r = wf.restart(new ControlRequest("ops", "new config"));

    assertThat(r.action()).isEqualTo(CheckAction.RESTARTED);
    assertThat(master.kills).containsExactly("driver-1");
    assertThat(master.alive()).containsExactly("driver-2");
  }

  @Test
  void replayThenResumeLeavesNoGap(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(5));
    long from = e.currentTimeMillis() - Duration.ofHours(6).toMillis();

    ReplayStarted started =
        wf.replay(new ReplayRequest(from, null, "reprocess after parser fix", "ops"));

    assertThat(master.kills).containsExactly("driver-1");
    assertThat(master.resets).hasSize(1);
    SubmitRequest replaySubmit = master.submissions.get(1);
    assertThat(replaySubmit.startingOffsetsTimestamp()).isEqualTo(from);
    assertThat(replaySubmit.subscribeMode()).isEqualTo(SubscribeMode.ASSIGN);
    assertThat(started.submissionId()).isEqualTo("driver-2");
    assertThat(wf.state().reading().mode()).isEqualTo(SupervisionMode.REPLAY);

    sleep(Duration.ofMinutes(30));
    long beforeEnd = e.currentTimeMillis();
    SupervisorState after = wf.endReplay(new ControlRequest("ops", "caught up"));
    long afterEnd = e.currentTimeMillis();

    assertThat(master.kills).containsExactly("driver-1", "driver-2");
    assertThat(master.resets).hasSize(2);
    SubmitRequest resumed = master.submissions.get(2);
    assertThat(resumed.subscribeMode()).isEqualTo(SubscribeMode.PATTERN);
    ReplayRecord record = after.reading().recentReplays().get(0);
    assertThat(record.endedAtMillis()).isBetween(beforeEnd, afterEnd);
    assertThat(resumed.startingOffsetsTimestamp())
        .as("normal job starts the overlap before the replay stopped, never from latest")
        .isEqualTo(record.endedAtMillis() - 60_000);
    assertThat(after.reading().mode()).isEqualTo(SupervisionMode.NORMAL);
    assertThat(after.reading().activeReplay()).isNull();
    assertThat(master.replayRecords).hasSize(2);
    assertThat(master.replayRecords.get(1).resumeSubmissionId()).isEqualTo("driver-3");
    assertThat(master.alive()).containsExactly("driver-3");
  }

  @Test
  void twoReplaysDeliveredTogetherStartOneAndRefuseTheOther(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofMinutes(5));
    long from = e.currentTimeMillis() - Duration.ofHours(6).toMillis();
    java.util.List<io.logwise.workflows.Together.Outcome> outcomes =
        io.logwise.workflows.Together.deliver(
            c,
            io.temporal.client.WorkflowStub.fromTyped(wf).getExecution().getWorkflowId(),
            new io.logwise.workflows.Together.Update(
                "replay", new ReplayRequest(from, null, "first", "alice"), ReplayStarted.class),
            new io.logwise.workflows.Together.Update(
                "replay", new ReplayRequest(from, null, "second", "bob"), ReplayStarted.class));
    assertThat(outcomes)
        .as("both passed the validator: the race")
        .allMatch(io.logwise.workflows.Together.Outcome::accepted);
    assertThat(io.logwise.workflows.Together.refusalOfTheOther(outcomes))
        .contains("type='java.lang.IllegalStateException'")
        .contains("is active");
    assertThat(master.submissions).as("the first driver and one replay driver").hasSize(2);
    assertThat(master.replayRecords).hasSize(1);
  }

  @Test
  void aReplayEndsByItselfAtResumeAt(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofSeconds(5));
    long now = e.currentTimeMillis();
    wf.replay(new ReplayRequest(now - 3_600_000, now + 600_000, "backfill", "ops"));

    sleep(Duration.ofMinutes(11));

    assertThat(wf.state().reading().mode()).isEqualTo(SupervisionMode.NORMAL);
    assertThat(master.submissions).hasSize(3);
    assertThat(master.submissions.get(2).startingOffsetsTimestamp())
        .isGreaterThanOrEqualTo(now + 600_000 - 60_000);
  }

  @Test
  void replaysIntoTheFutureOrBeyondRetentionAreRefused(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofSeconds(5));
    long now = e.currentTimeMillis();

    assertThatThrownBy(() -> wf.replay(new ReplayRequest(now + 60_000, null, "x", "ops")))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("is in the future");
    assertThatThrownBy(
            () ->
                wf.replay(new ReplayRequest(now - Duration.ofDays(8).toMillis(), null, "x", "ops")))
        .hasStackTraceContaining("before the oldest replayable time");
    assertThatThrownBy(() -> wf.replay(new ReplayRequest(now - 1000, null, " ", "ops")))
        .hasStackTraceContaining("reason is required");
    assertThatThrownBy(() -> wf.endReplay(new ControlRequest("ops", null)))
        .hasStackTraceContaining("no replay is active");
    assertThat(master.kills).isEmpty();
    assertThat(master.submissions).hasSize(1);
  }

  @Test
  void continuesAsNewKeepingItsDriver(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c, new SparkSupervisorInput("acme", null, 40, null));
    sleep(Duration.ofMinutes(20));

    SupervisorState st = wf.state();
    assertThat(st.driver().submissionId()).isEqualTo("driver-1");
    assertThat(master.submissions).hasSize(1);
    long runs =
        c.fetchHistory("spark-supervisor/acme").getEvents().stream()
            .filter(ev -> ev.hasWorkflowExecutionStartedEventAttributes())
            .filter(
                ev ->
                    !ev.getWorkflowExecutionStartedEventAttributes()
                        .getContinuedExecutionRunId()
                        .isEmpty())
            .count();
    assertThat(runs).isEqualTo(1);
  }

  /**
   * Issue 12's rule for every workflow: no run above 4,000 events. Six hours of polling (several
   * runs) with a burst of 300 operator checks at once (a dashboard or a script in a loop) in the
   * middle.
   */
  @Test
  void hoursWithABurstOfChecksKeepEveryRunUnderFourThousandEvents(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    SparkSupervisorWorkflow wf = start(e, w, c);
    sleep(Duration.ofHours(3)); // past the limit at least once before the burst
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.List<java.util.concurrent.Future<?>> checks = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      checks.add(
          callers.submit(
              () ->
                  io.logwise.workflows.Runs.retryingUpdate(
                      () ->
                          c.newWorkflowStub(SparkSupervisorWorkflow.class, "spark-supervisor/acme")
                              .checkNow(new CheckRequest("ops", null, null)))));
    }
    for (var check : checks) {
      check.get(300, java.util.concurrent.TimeUnit.SECONDS); // a busy CI machine is slow
    }
    callers.shutdown();
    sleep(Duration.ofHours(3));

    var all = io.logwise.workflows.Runs.of(c, "spark-supervisor/acme");
    int runs = all.size();
    int longest = io.logwise.workflows.Runs.longest(all);
    System.out.printf(
        "spark-supervisor: six hours and 300 checks in %d runs, longest %d events%n",
        runs, longest);
    // the limit (2,000) and what the 8 callers' last accepted checks add: far below the 4,000
    assertThat(longest).isLessThanOrEqualTo(2_200);
    assertThat(master.submissions).as("still the one driver").hasSize(1);
    assertThat(wf.state().driver().submissionId()).isEqualTo("driver-1");
  }
}
