package io.logwise.workflows.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.workflows.Together;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaClusterMigrationWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(KafkaClusterMigrationWorkflowImpl.class)
          .setWorkerFactoryOptions(
              io.temporal.worker.WorkerFactoryOptions.newBuilder()
                  .setWorkerInterceptors(io.logwise.workflows.Together.INTERCEPTOR)
                  .build())
          .setDoNotStart(true)
          .build();

  private static final VectorTarget K8S =
      new VectorTarget(
          new VectorTarget.KubernetesTarget("logwise", "vector-kafka", "KAFKA_BROKERS", "vector"),
          null);

  private final FakeMigration steps = new FakeMigration();
  private TestWorkflowEnvironment testEnv;

  static MigrationInput input(Boolean approval, Boolean dryRun) {
    return input("m1", approval, dryRun);
  }

  static MigrationInput input(String migrationId, Boolean approval, Boolean dryRun) {
    return new MigrationInput(
        "acme",
        migrationId,
        "new:9092",
        K8S,
        null,
        null,
        null,
        null,
        null,
        approval,
        dryRun,
        "ops");
  }

  private KafkaClusterMigrationWorkflow start(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c, MigrationInput in) {
    testEnv = e;
    w.registerActivitiesImplementations(steps);
    e.start();
    KafkaClusterMigrationWorkflow wf =
        c.newWorkflowStub(
            KafkaClusterMigrationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("kafka-migration/acme/m1")
                .setTaskQueue(w.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, in);
    return wf;
  }

  private MigrationProgress awaitStatus(KafkaClusterMigrationWorkflow wf, MigrationStatus status) {
    for (int i = 0; i < 200; i++) {
      MigrationProgress p = wf.progress();
      if (p != null && p.status() == status) {
        return p;
      }
      testEnv.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("never " + status + ": " + wf.progress());
  }

  private static MigrationProgress result(KafkaClusterMigrationWorkflow wf) {
    return WorkflowStub.fromTyped(wf).getResult(MigrationProgress.class);
  }

  @Test
  void theFourStepsRunInOrderAndTheCutoverWaitsForApproval(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));

    MigrationProgress waiting = awaitStatus(wf, MigrationStatus.WAITING);
    assertThat(waiting.step()).isEqualTo(MigrationStep.APPROVAL);
    assertThat(waiting.waitingFor()).contains("approve");
    assertThat(steps.calls)
        .containsExactly(
            "claim", "preflight", "switchVector switch new:9092", "awaitArrival", "awaitDrained");
    assertThatThrownBy(() -> wf.proceed(new OperatorDecision("ops", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("not waiting for proceed");

    wf.approve(new OperatorDecision("alice", "looks good"));
    MigrationProgress done = result(wf);

    assertThat(done.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(done.oldBootstrapServers()).isEqualTo("old:9092");
    assertThat(done.warnings()).anyMatch(x -> x.contains("capped"));
    assertThat(done.steps())
        .extracting(StepRecord::step)
        .containsExactly(
            MigrationStep.PREFLIGHT,
            MigrationStep.SWITCH_VECTOR,
            MigrationStep.DRAIN,
            MigrationStep.APPROVAL,
            MigrationStep.CUTOVER,
            MigrationStep.VERIFY);
    assertThat(done.steps()).allMatch(s -> s.outcome() == StepRecord.Outcome.DONE);
    assertThat(steps.calls).endsWith("cutOverSpark 1", "awaitRecovery");
    assertThat(steps.saved.get(steps.saved.size() - 1).status())
        .isEqualTo(MigrationStatus.COMPLETED);
  }

  /**
   * Issue 12's rule for every workflow type: no run above 4,000 events. A migration waits at its
   * gates for operators; 300 concurrent operator calls there (a script retrying, a dashboard) add
   * history only for the one that is taken — the rest are refused by the validators, which write
   * nothing, or find the migration finished — and progress reads are queries.
   */
  @Test
  void operatorsHammeringAGateCostNoHistory(TestWorkflowEnvironment e, Worker w, WorkflowClient c)
      throws Exception {
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    awaitStatus(wf, MigrationStatus.WAITING);
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.concurrent.atomic.AtomicInteger taken =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int n = i;
      calls.add(
          callers.submit(
              () -> {
                wf.progress();
                try {
                  if (n % 3 == 0) {
                    wf.approve(new OperatorDecision("ops-" + n, null));
                  } else {
                    wf.proceed(new OperatorDecision("ops-" + n, null));
                  }
                  taken.incrementAndGet();
                } catch (WorkflowUpdateException
                    | io.temporal.client.WorkflowNotFoundException refusedOrAlreadyDone) {
                  // refused by the gate's validator, or the migration had finished meanwhile
                  refused.incrementAndGet();
                }
              }));
    }
    for (var call : calls) {
      call.get(120, java.util.concurrent.TimeUnit.SECONDS);
    }
    callers.shutdown();
    MigrationProgress done = result(wf);
    assertThat(done.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(taken.get()).as("one approval taken").isEqualTo(1);
    assertThat(refused.get()).isEqualTo(299);
    int events = c.fetchHistory("kafka-migration/acme/m1").getEvents().size();
    System.out.printf("kafka-migration: 300 operator calls at a gate, %d events%n", events);
    // a whole migration is ~180 events; 299 calls that wrote even one workflow task each would be
    // ~900 more
    assertThat(events).as("the refused calls wrote nothing").isLessThan(400);
  }

  /**
   * Found by the test above in the full suite: an approve and a rollback (or two approves) that
   * reach the workflow together both pass the validator, which sees the gate still open; the second
   * overwrote the first and both callers were told theirs was taken. Delivered here in one workflow
   * task ({@link io.logwise.workflows.Together}): one is taken, the other refused with the reason.
   */
  @Test
  void twoAnswersDeliveredTogetherTakeOneAndRefuseTheOther(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    awaitStatus(wf, MigrationStatus.WAITING);
    List<io.logwise.workflows.Together.Outcome> outcomes =
        io.logwise.workflows.Together.deliver(
            c,
            io.temporal.client.WorkflowStub.fromTyped(wf).getExecution().getWorkflowId(),
            new io.logwise.workflows.Together.Update(
                "approve", new OperatorDecision("alice", "go"), MigrationProgress.class),
            new io.logwise.workflows.Together.Update(
                "rollback", new OperatorDecision("bob", "stop"), MigrationProgress.class));
    assertThat(outcomes)
        .as("both passed the validator: the race")
        .allMatch(io.logwise.workflows.Together.Outcome::accepted);
    // the handler refuses the second: a conflict (the API's 409), never a silent success
    assertThat(io.logwise.workflows.Together.refusalOfTheOther(outcomes))
        .contains("type='java.lang.IllegalStateException'")
        .contains("answered already");
  }

  @Test
  void aDryRunChecksAndReportsButChangesNothing(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, true));
    MigrationProgress done = result(wf);
    assertThat(done.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(done.dryRun()).isTrue();
    assertThat(done.message()).contains("dry run").contains("logs.b");
    assertThat(steps.calls).containsExactly("claim", "preflight (dry run)");
  }

  @Test
  void aBadInputFailsTheStartListingEveryProblem(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    MigrationInput bad =
        new MigrationInput(
            null,
            null,
            "kafka-1,:9092",
            new VectorTarget(null, null),
            1L,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    KafkaClusterMigrationWorkflow wf = start(e, w, c, bad);
    assertThatThrownBy(() -> result(wf))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("4 problem(s)")
        .hasMessageContaining("'kafka-1' is not host:port")
        .hasMessageContaining("':9092' is not host:port")
        .hasMessageContaining("exactly one of kubernetes or asg")
        .hasMessageContaining("quietPeriodSeconds");
    assertThat(steps.calls).isEmpty();
  }

  @Test
  void tenantAndIdComeFromTheWorkflowIdWhenTheCliLeavesThemOut(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    MigrationInput cli =
        new MigrationInput(
            null, null, "new:9092", K8S, null, null, null, null, null, false, true, null);
    MigrationProgress done = result(start(e, w, c, cli));
    assertThat(done.tenant()).isEqualTo("acme");
    assertThat(done.migrationId()).isEqualTo("m1");
  }

  @Test
  void aSecondMigrationIsRefusedWithTheRunningId(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    steps.holder = "m0";
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    assertThatThrownBy(() -> result(wf))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("migration m0 is running");
    assertThat(steps.calls).containsExactly("claim");
    assertThat(steps.saved).isEmpty();
  }

  @Test
  void aRunThatReplaysAnotherRunsClaimStopsWithoutActing(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    // what a run made by Temporal's reset to a point after the claim sees: the claim in its
    // history is another run's (the test server has no reset; the claim answers as replayed)
    steps.claimedBy = "an-earlier-run";
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    assertThatThrownBy(() -> result(wf))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("reset to a point after its claim (made by run an-earlier-run)");
    assertThat(steps.calls).containsExactly("claim");
    assertThat(steps.saved).as("the row stays the earlier run's").isEmpty();
    assertThat(steps.switches).isEmpty();
  }

  @Test
  void preflightProblemsStopBeforeAnythingChanges(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    steps.preflightProblems = java.util.List.of("spark-supervisor/acme is not running");
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    assertThatThrownBy(() -> result(wf)).isInstanceOf(WorkflowFailedException.class);
    assertThat(steps.calls).containsExactly("claim", "preflight");
    MigrationProgress last = steps.saved.get(steps.saved.size() - 1);
    assertThat(last.status()).isEqualTo(MigrationStatus.FAILED);
    assertThat(last.message()).contains("nothing changed").contains("not running");
  }

  @Test
  void aStalledDrainWaitsForTheOperatorAndProceedGoesOn(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    steps.drains = false;
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(false, null));
    MigrationProgress waiting = awaitStatus(wf, MigrationStatus.WAITING);
    assertThat(waiting.step()).isEqualTo(MigrationStep.DRAIN);
    assertThat(waiting.message()).contains("unread");
    assertThatThrownBy(() -> wf.approve(new OperatorDecision("ops", null)))
        .isInstanceOf(WorkflowUpdateException.class);

    wf.proceed(new OperatorDecision("bob", "the rest is test traffic"));
    MigrationProgress done = result(wf);
    assertThat(done.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(done.steps().get(2).detail()).contains("bob proceeded");
  }

  @Test
  void aStartLearnsItsClaimAndTheMigrationGoesOn(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    w.registerActivitiesImplementations(steps);
    e.start();
    steps.arrives = false;
    var handle = MigrationStart.beginOn(c, w.getTaskQueue(), input(null, null));
    MigrationStart claim = handle.getResult();
    assertThat(claim.runs()).isTrue();
    assertThat(claim.oldBootstrapServers()).isEqualTo("old:9092");
    assertThat(handle.getExecution().getWorkflowId()).isEqualTo("kafka-migration/acme/m1");
    testEnv = e;
    KafkaClusterMigrationWorkflow wf =
        c.newWorkflowStub(KafkaClusterMigrationWorkflow.class, "kafka-migration/acme/m1");
    assertThat(awaitStatus(wf, MigrationStatus.WAITING).step())
        .isEqualTo(MigrationStep.SWITCH_VECTOR);
    assertThatThrownBy(() -> MigrationStart.beginOn(c, w.getTaskQueue(), input(null, null)))
        .as("the id runs")
        .matches(MigrationStart::idTaken);
    assertThat(MigrationStart.idTaken(new IllegalStateException("another failure"))).isFalse();
  }

  @Test
  void aRefusedClaimIsTheStartsAnswerAndItsIdMayBeStartedAgain(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    w.registerActivitiesImplementations(steps);
    e.start();
    steps.holder = "m0";
    MigrationStart refused =
        MigrationStart.beginOn(c, w.getTaskQueue(), input(null, null)).getResult();
    assertThat(refused.outcome()).isEqualTo(MigrationStart.Outcome.RUNNING);
    assertThat(refused.holder()).isEqualTo("m0");
    assertThat(refused.message()).contains("migration m0 is running");
    KafkaClusterMigrationWorkflow wf =
        c.newWorkflowStub(KafkaClusterMigrationWorkflow.class, "kafka-migration/acme/m1");
    assertThatThrownBy(() -> result(wf))
        .as("the refused run ends failed, saying why")
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("migration m0 is running");
    assertThat(steps.calls).containsExactly("claim");

    // m0 ended: the same id starts again (a failed run's id may be reused; the claim guards ids
    // that got further)
    steps.holder = null;
    MigrationStart again =
        MigrationStart.beginOn(c, w.getTaskQueue(), input(false, true)).getResult();
    assertThat(again.runs()).isTrue();
  }

  @Test
  void anInvalidInputIsTheStartsAnswer(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    w.registerActivitiesImplementations(steps);
    e.start();
    MigrationInput bad =
        new MigrationInput(
            "acme", "m1", "nohost", K8S, null, null, null, null, null, null, null, "ops");
    MigrationStart refused = MigrationStart.beginOn(c, w.getTaskQueue(), bad).getResult();
    assertThat(refused.outcome()).isEqualTo(MigrationStart.Outcome.INVALID);
    assertThat(refused.message()).contains("'nohost' is not host:port");
    assertThat(steps.calls).as("nothing claimed").isEmpty();
  }

  @Test
  void rollbackAtAGatePointsVectorBack(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    steps.arrives = false;
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    awaitStatus(wf, MigrationStatus.WAITING);
    wf.rollback(new OperatorDecision("carol", "wrong cluster"));
    MigrationProgress done = result(wf);
    assertThat(done.status()).isEqualTo(MigrationStatus.ROLLED_BACK);
    assertThat(steps.calls)
        .containsExactly(
            "claim",
            "preflight",
            "switchVector switch new:9092",
            "awaitArrival",
            "switchVector rollback old:9092");
    assertThat(done.message()).contains("carol");
  }

  @Test
  void rollbackStopsARunningDrainWait(TestWorkflowEnvironment e, Worker w, WorkflowClient c)
      throws Exception {
    steps.holdDrain = true;
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    for (int i = 0; i < 100 && !steps.calls.contains("awaitDrained"); i++) {
      Thread.sleep(100);
    }
    CompletableFuture<MigrationProgress> done =
        WorkflowStub.fromTyped(wf).getResultAsync(MigrationProgress.class);
    wf.rollback(new OperatorDecision("dave", null));
    MigrationProgress p = done.get(60, java.util.concurrent.TimeUnit.SECONDS);
    steps.holdDrain = false;
    assertThat(p.status()).isEqualTo(MigrationStatus.ROLLED_BACK);
    assertThat(steps.calls).endsWith("switchVector rollback old:9092");
  }

  /**
   * A rollback that reaches the worker in the same workflow task as the end of the drain: its
   * validator can see the drain still running while the workflow is about to start the cut-over.
   * Whatever the order, the caller is told the truth: a rollback taken means nothing was cut over;
   * a rollback refused says the cut-over has started, and the migration completes.
   */
  @Test
  void aRollbackDeliveredWithTheEndOfTheDrainIsTakenOrRefusedNeverBoth(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    steps.holdDrain = true;
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(false, null));
    for (int i = 0; i < 600 && !steps.calls.contains("awaitDrained"); i++) {
      Thread.sleep(100);
    }
    String id = WorkflowStub.fromTyped(wf).getExecution().getWorkflowId();
    // the result is waited for only once the update is delivered (a wait for it would let the
    // test server skip time while the worker is held)
    Together.Outcome rollback =
        Together.deliver(
                c,
                id,
                () -> {
                  steps.holdDrain = false;
                  // the server has the drain's result once the activity is no longer pending (its
                  // event is buffered until the held task ends, then delivered with the update)
                  awaitNotPending(c, id, "AwaitDrained");
                },
                new Together.Update(
                    "rollback", new OperatorDecision("dave", "stop"), MigrationProgress.class))
            .get(0);
    MigrationProgress p = result(wf);
    System.out.printf(
        "rollback with the drain's end: accepted %s, taken %s, migration %s%n",
        rollback.accepted(), rollback.taken(), p.status());
    assertThat(rollback.accepted()).as("its validator saw the drain running: the race").isTrue();
    assertThat(drainEndedInTheTaskThatAccepted(c.fetchHistory(id).getEvents(), rollback.updateId()))
        .as("the drain's result reached the workflow in the task that accepted the rollback")
        .isTrue();
    if (rollback.taken()) {
      assertThat(p.status()).isEqualTo(MigrationStatus.ROLLED_BACK);
      assertThat(steps.calls).noneMatch(call -> call.startsWith("cutOverSpark"));
    } else {
      assertThat(rollback.refusal()).contains("the cut-over has started");
      assertThat(p.status()).isEqualTo(MigrationStatus.COMPLETED);
    }
  }

  /**
   * Whether the AwaitDrained completion lies between the workflow task completed before the one
   * that accepted update {@code updateId} and that one: both reached the workflow in one task.
   */
  private static boolean drainEndedInTheTaskThatAccepted(
      List<HistoryEvent> events, String updateId) {
    long drainScheduled = -1;
    long drainEnded = -1;
    long previousTask = -1;
    long lastTask = -1;
    for (HistoryEvent ev : events) {
      switch (ev.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          if (ev.getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .equals("AwaitDrained")) {
            drainScheduled = ev.getEventId();
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          if (ev.getActivityTaskCompletedEventAttributes().getScheduledEventId()
              == drainScheduled) {
            drainEnded = ev.getEventId();
          }
        }
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          previousTask = lastTask;
          lastTask = ev.getEventId();
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          if (ev.getWorkflowExecutionUpdateAcceptedEventAttributes()
              .getAcceptedRequest()
              .getMeta()
              .getUpdateId()
              .equals(updateId)) {
            return drainEnded > previousTask && drainEnded < lastTask;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  /** Waits until {@code workflowId} has no pending activity of {@code type}. */
  private static void awaitNotPending(WorkflowClient c, String workflowId, String type) {
    var describe =
        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(c.getOptions().getNamespace())
            .setExecution(
                io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (c
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(describe)
        .getPendingActivitiesList()
        .stream()
        .anyMatch(a -> a.getActivityType().getName().equals(type))) {
      assertThat(System.nanoTime()).as("%s reported within 60 s", type).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void aFailureBeforeTheCutoverRollsVectorBack(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    steps.failSwitch = true;
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    assertThatThrownBy(() -> result(wf))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("configmap logwise/vector not found");
    assertThat(steps.calls)
        .endsWith("switchVector switch new:9092", "switchVector rollback old:9092");
    assertThat(steps.saved.get(steps.saved.size() - 1).status()).isEqualTo(MigrationStatus.FAILED);
  }

  @Test
  void cancellingBeforeTheCutoverRollsVectorBack(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(null, null));
    awaitStatus(wf, MigrationStatus.WAITING);
    WorkflowStub.fromTyped(wf).cancel();
    assertThatThrownBy(() -> result(wf)).isInstanceOf(WorkflowFailedException.class);
    assertThat(steps.calls).endsWith("switchVector rollback old:9092");
    assertThat(steps.saved.get(steps.saved.size() - 1).status())
        .isEqualTo(MigrationStatus.CANCELLED);
  }

  @Test
  void aFailedCutoverHasNoRollbackButCanBeRetried(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    steps.failCutovers.set(1);
    KafkaClusterMigrationWorkflow wf = start(e, w, c, input(false, null));
    MigrationProgress waiting = awaitStatus(wf, MigrationStatus.WAITING);
    assertThat(waiting.step()).isEqualTo(MigrationStep.CUTOVER);
    assertThat(waiting.cutoverStarted()).isTrue();
    assertThatThrownBy(() -> wf.rollback(new OperatorDecision("ops", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("no rollback");

    wf.proceed(new OperatorDecision("ops", "fixed the jar path"));
    MigrationProgress done = result(wf);
    assertThat(done.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(steps.cutovers.stream().map(r -> r.attempt()).toList()).containsExactly(1, 2);
    assertThat(steps.calls).doesNotContain("switchVector rollback old:9092");
  }
}
