package io.logwise.workflows.spark;

import io.logwise.policy.spark.DriverState;
import io.logwise.policy.spark.SupervisorDecision;
import io.logwise.policy.spark.SupervisorPolicy;
import io.logwise.policy.spark.SupervisorView;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * Implementation of {@link SparkSupervisorWorkflow}: observe → decide ({@link SupervisorPolicy}) →
 * act → wait. Replays and cut-overs are procedures of their own ({@link Replays}, {@link Cutovers})
 * built from this class's two driver steps.
 */
public class SparkSupervisorWorkflowImpl implements SparkSupervisorWorkflow, DriverHands {

  private static final Logger log = Workflow.getLogger(SparkSupervisorWorkflowImpl.class);

  private final SparkDriverActivities master = SupervisorStubs.master();
  private final StreamingStateActivities streamingState = SupervisorStubs.streamingState();
  private final SupervisionRecords records = SupervisorStubs.records();
  private final Replays replays = new Replays(this, streamingState, records);
  private final Cutovers cutovers = new Cutovers(this, streamingState, records);

  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private final Random random = Workflow.newRandom();
  private SupervisorState state;
  private boolean wake;

  /**
   * Runs before any handler. A signal or an update can reach a run in its first workflow task,
   * before {@code run} starts: settings sent with signal-with-start, and an operator's check right
   * after continue-as-new (its handler failed the task on a null state, every retry failed the same
   * way, and supervision stood still until the caller gave up).
   */
  @WorkflowInit
  public SparkSupervisorWorkflowImpl(SparkSupervisorInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      return; // run() refuses it
    }
    SupervisorSettings settings = settingsOf(input);
    if (settings.problem() != null) {
      return; // run() refuses it
    }
    state =
        input.carriedOver() == null
            ? SupervisorState.fresh(input.tenant(), settings)
            : input.carriedOver().withSettings(settings);
    maxHistory = input.maxHistoryEventsOrDefault();
  }

  private static SupervisorSettings settingsOf(SparkSupervisorInput input) {
    return (input.settings() == null ? SupervisorSettings.DEFAULTS : input.settings())
        .over(SupervisorSettings.DEFAULTS);
  }

  @Override
  public void run(SparkSupervisorInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    SupervisorSettings settings = settingsOf(input);
    if (settings.problem() != null) {
      throw LogwiseFailures.invalidInput(settings.problem());
    }
    // state and limit were set by the constructor (settings signalled since are in the state)
    while (true) {
      locked(
          () -> {
            replays.endIfDue(Workflow.currentTimeMillis());
            return cycle(null);
          });
      wake = false;
      Duration poll = Duration.ofSeconds(state.settings().pollIntervalSeconds());
      if (Workflow.getVersion("history-bound-between-polls", Workflow.DEFAULT_VERSION, 1) == 1) {
        // operator updates write history too: stop waiting once it is long
        Workflow.await(poll, () -> wake || historyIsLong());
      } else {
        Workflow.await(poll, () -> wake);
      }
      if (historyIsLong()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(
            new SparkSupervisorInput(
                state.tenant(), state.settings(), input.maxHistoryEvents(), state));
      }
    }
  }

  // ---- one look at the master ------------------------------------------------------------

  /** When the master answered after being unreachable (workflow time), or null. */
  private Long masterBackAtMillis;

  private int maxHistory = 2000;

  private CheckResult cycle(CheckRequest overrides) {
    if (state.control().paused()) {
      if (overrides != null
          && Workflow.getVersion("paused-check-looks", Workflow.DEFAULT_VERSION, 1) == 1) {
        return pausedLook(); // an operator asked: say what the master says now, act on nothing
      }
      return check(CheckAction.NONE, "supervision is paused");
    }
    if (state.cluster().pendingCutover() != null) {
      return check(
          CheckAction.WAITING,
          "cut-over of migration "
              + state.cluster().pendingCutover()
              + " unfinished; waiting for it to be retried");
    }
    DriverObservation seen;
    try {
      seen = master.observe(new ObserveRequest(state.tenant(), state.driver().submissionId()));
    } catch (ActivityFailure e) {
      update(s -> s.unreachable("master unreachable: " + LogwiseFailures.rootMessage(e)));
      return check(CheckAction.UNREACHABLE, state.journal().lastError());
    }
    long now = Workflow.currentTimeMillis();
    DriverState ours =
        state.driver().submissionId() == null ? null : DriverState.parse(seen.ourState());
    SupervisorState before = state;
    update(s -> s.afterLook(ours, seen.ourMessage(), now, random::nextDouble));
    if (!state.backoff().equals(before.backoff())) {
      log.warn(
          "tenant {}: {} (crash {} in a row)",
          state.tenant(),
          state.journal().lastError(),
          state.backoff().consecutiveCrashes());
    }
    if (before.driver().driverState() == DriverStatus.UNREACHABLE) {
      masterBackAtMillis = now;
    }
    SupervisorView view = view(ours, seen, now);
    SupervisorDecision decision = SupervisorPolicy.decide(view);
    SupervisorDecision grace =
        SupervisorPolicy.masterBackGrace(view, decision, state.driver().submissionId());
    if (grace != null
        && Workflow.getVersion("master-back-grace", Workflow.DEFAULT_VERSION, 1) == 1) {
      decision = grace;
    }
    return switch (decision.action()) {
      case NONE ->
          check(
              state.control().stoppedReason() != null ? CheckAction.STOPPED : CheckAction.NONE,
              decision.reason());
      case WAIT -> check(CheckAction.WAITING, decision.reason());
      case ADOPT -> adopt(decision.adoptSubmissionId(), now);
      case SUBMIT -> submit(overrides, decision.reason()).result(state.driver().driverState());
    };
  }

  private SupervisorView view(DriverState ours, DriverObservation seen, long now) {
    return new SupervisorView(
        ours,
        state.driver().submissionId() == null
            ? null
            : Instant.ofEpochMilli(state.driver().submittedAtMillis()),
        seen.otherLiveDrivers(),
        Instant.ofEpochMilli(now),
        Duration.ofSeconds(state.settings().submitGraceSeconds()),
        state.backoff().backoffUntilMillis() == 0
            ? null
            : Instant.ofEpochMilli(state.backoff().backoffUntilMillis()),
        state.control().paused(),
        state.control().stoppedReason(),
        masterBackAtMillis == null ? null : Instant.ofEpochMilli(masterBackAtMillis));
  }

  private CheckResult adopt(String id, long now) {
    update(s -> s.driverStarted(id, now, false).acted("adopted " + id, now));
    return new CheckResult(
        DriverStatus.ALIVE,
        CheckAction.ADOPTED,
        id,
        "a live driver of ours was already on the master");
  }

  @Override
  public Submitted submit(CheckRequest overrides, String why) {
    String key = "spark-supervisor/" + state.tenant() + "/" + Workflow.randomUUID();
    SubmitRequest request = state.submitRequest(key, overrides);
    SubmitResult result;
    try {
      result = master.submitDriver(request);
    } catch (ActivityFailure e) {
      String message = LogwiseFailures.rootMessage(e);
      update(s -> s.failed("submission failed: " + message));
      if (!isNonRetryable(e)) {
        return new Submitted(
            CheckAction.NONE, state.driver().submissionId(), state.journal().lastError());
      }
      String reason = "the master rejected the submission: " + message;
      update(s -> s.stopped(reason).acted("stopped", Workflow.currentTimeMillis()));
      log.error("tenant {}: {}; supervision stopped until resume", state.tenant(), reason);
      return new Submitted(CheckAction.STOPPED, state.driver().submissionId(), reason);
    }
    long now = Workflow.currentTimeMillis();
    CheckAction action = result.adopted() ? CheckAction.ADOPTED : CheckAction.SUBMITTED;
    String id = result.submissionId();
    update(
        s ->
            s.driverStarted(id, now, true).acted(action.wire() + " " + id + " (" + why + ")", now));
    return new Submitted(action, id, why);
  }

  @Override
  public void stopDriver() {
    String id = state.driver().submissionId();
    if (id == null) {
      return;
    }
    master.killDriver(new KillRequest(state.tenant(), id));
    DriverGone gone = master.awaitDriverGone(new AwaitGoneRequest(state.tenant(), id, 120));
    update(
        s ->
            s.driverStopped(DriverStatus.parse(gone.finalState()))
                .acted("stopped " + id, Workflow.currentTimeMillis()));
  }

  /**
   * A paused supervisor's answer to a check: the driver as the master sees it now (a paused
   * supervisor used to answer its last seen RUNNING for a driver killed since), nothing done.
   */
  private CheckResult pausedLook() {
    try {
      DriverObservation seen =
          master.observe(new ObserveRequest(state.tenant(), state.driver().submissionId()));
      DriverStatus now =
          state.driver().submissionId() == null
              ? DriverStatus.NONE
              : DriverStatus.parse(seen.ourState());
      return new CheckResult(
          now,
          CheckAction.NONE,
          state.driver().submissionId(),
          "supervision is paused: the driver was looked at, nothing was done");
    } catch (ActivityFailure e) {
      return new CheckResult(
          DriverStatus.UNREACHABLE,
          CheckAction.UNREACHABLE,
          state.driver().submissionId(),
          "supervision is paused; master unreachable: " + LogwiseFailures.rootMessage(e));
    }
  }

  private CheckResult check(CheckAction action, String reason) {
    return new CheckResult(
        state.driver().driverState(), action, state.driver().submissionId(), reason);
  }

  // ---- operator requests -------------------------------------------------------------------

  @Override
  public CheckResult checkNow(CheckRequest request) {
    return locked(() -> cycle(request));
  }

  @Override
  public CheckResult restart(ControlRequest request) {
    return locked(
        () -> {
          stopDriver();
          update(s -> s.freshBudget().stopped(null));
          Submitted submitted = submit(null, "restart requested by " + who(request));
          CheckAction action =
              submitted.action() == CheckAction.SUBMITTED
                  ? CheckAction.RESTARTED
                  : submitted.action();
          return new CheckResult(
              state.driver().driverState(), action, submitted.submissionId(), submitted.reason());
        });
  }

  @Override
  public SupervisorState pause(ControlRequest request) {
    update(s -> s.paused(true).acted("paused by " + who(request), Workflow.currentTimeMillis()));
    Workflow.setCurrentDetails(state.markdown());
    return state;
  }

  @Override
  public SupervisorState resume(ControlRequest request) {
    update(s -> s.paused(false).acted("resumed by " + who(request), Workflow.currentTimeMillis()));
    wake = true;
    return state;
  }

  @Override
  public void validateReplay(ReplayRequest r) {
    refuseUnlessAccepting();
    Replays.validate(state, r, Workflow.currentTimeMillis());
  }

  @Override
  public void validateCheckNow(CheckRequest request) {
    refuseUnlessAccepting();
  }

  @Override
  public void validatePause(ControlRequest request) {
    refuseUnlessAccepting();
  }

  @Override
  public void validateResume(ControlRequest request) {
    refuseUnlessAccepting();
  }

  @Override
  public void validateRestart(ControlRequest request) {
    refuseUnlessAccepting();
  }

  /** For validators: a run that refused its input takes nothing; a full run hands over first. */
  private void refuseUnlessAccepting() {
    if (state == null) {
      throw new IllegalStateException("the supervisor refused its input and is failing");
    }
    io.logwise.workflows.HistoryBudget.refuseWhenFull(maxHistory);
  }

  private boolean historyIsLong() {
    return io.logwise.workflows.HistoryBudget.isLong(maxHistory);
  }

  @Override
  public ReplayStarted replay(ReplayRequest r) {
    return locked(
        () -> {
          // two updates delivered in one task both passed their validators (each saw no replay
          // and no cut-over yet): the second is refused here, as the migration's gates refuse
          String busy = Replays.busy(state);
          if (busy != null
              && Workflow.getVersion("replay-rechecked", Workflow.DEFAULT_VERSION, 1) == 1) {
            throw ApplicationFailure.newNonRetryableFailure(
                busy + "; yours was not started", IllegalStateException.class.getName());
          }
          return replays.begin(r);
        });
  }

  @Override
  public void validateEndReplay(ControlRequest request) {
    refuseUnlessAccepting();
    Replays.validateEnd(state);
  }

  @Override
  public SupervisorState endReplay(ControlRequest request) {
    return locked(
        () -> {
          replays.endIfActive("ended by " + who(request));
          return state;
        });
  }

  @Override
  public void validateCutover(CutoverCommand c) {
    refuseUnlessAccepting();
    Cutovers.validate(state, c);
  }

  @Override
  public CutoverResult cutover(CutoverCommand c) {
    return locked(
        () -> {
          // as replay: a replay or a pause delivered in the same task passed its validator too
          String problem = Cutovers.isDone(state, c) ? null : Cutovers.problem(state);
          if (problem != null
              && Workflow.getVersion("cutover-rechecked", Workflow.DEFAULT_VERSION, 1) == 1) {
            throw ApplicationFailure.newNonRetryableFailure(
                problem + "; the cut-over was not started", IllegalStateException.class.getName());
          }
          return cutovers.run(c);
        });
  }

  @Override
  public void applySettings(SupervisorSettings settings) {
    if (settings == null || state == null) {
      return; // null state: the input was refused, the run fails
    }
    SupervisorSettings merged = settings.over(state.settings());
    if (merged.problem() != null) {
      log.warn("tenant {}: ignoring settings: {}", state.tenant(), merged.problem());
      return;
    }
    update(s -> s.withSettings(merged));
    wake = true;
  }

  @Override
  public SupervisorState state() {
    return state;
  }

  @Override
  public void update(UnaryOperator<SupervisorState> change) {
    state = change.apply(state);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Runs with the lock the loop and every handler share, then refreshes the UI's details. */
  private <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
      Workflow.setCurrentDetails(state.markdown());
    }
  }

  private static String who(ControlRequest r) {
    return r == null || r.requestedBy() == null ? "unknown" : r.requestedBy();
  }

  private static boolean isNonRetryable(Throwable t) {
    for (Throwable cur = t; cur != null; cur = cur.getCause()) {
      if (cur instanceof ApplicationFailure af
          && LogwiseFailures.NON_RETRYABLE.contains(af.getType())) {
        return true;
      }
    }
    return false;
  }
}
