package io.logwise.workflows.spark;

import io.logwise.policy.spark.DriverState;
import io.logwise.policy.spark.RestartBudget;
import io.logwise.policy.spark.SupervisorDecision;
import io.logwise.policy.spark.SupervisorPolicy;
import io.logwise.policy.spark.SupervisorView;
import io.logwise.workflows.ActivityStubs;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.slf4j.Logger;

/** Implementation of {@link SparkSupervisorWorkflow}: observe → decide → act → wait. */
public class SparkSupervisorWorkflowImpl implements SparkSupervisorWorkflow {

  private static final Logger log = Workflow.getLogger(SparkSupervisorWorkflowImpl.class);

  private final SparkDriverActivities observer =
      Workflow.newActivityStub(
          SparkDriverActivities.class,
          ActivityStubs.options(Duration.ofSeconds(20), null, 3, "observe master"));
  private final SparkDriverActivities submitter =
      Workflow.newActivityStub(
          SparkDriverActivities.class,
          ActivityStubs.options(Duration.ofSeconds(60), null, 5, "submit driver"));
  private final SparkDriverActivities killer =
      Workflow.newActivityStub(
          SparkDriverActivities.class,
          ActivityStubs.options(Duration.ofMinutes(3), Duration.ofSeconds(20), 5, "kill driver"));
  private final StreamingStateActivities streamingState =
      Workflow.newActivityStub(
          StreamingStateActivities.class,
          ActivityStubs.options(
              Duration.ofMinutes(30),
              Duration.ofMinutes(1),
              10,
              "back up and clear streaming state"));
  private final SupervisionRecords records =
      Workflow.newActivityStub(
          SupervisionRecords.class,
          ActivityStubs.options(Duration.ofSeconds(30), null, 10, "record replay"));

  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private final Random random = Workflow.newRandom();
  private Supervision s;
  private boolean wake;
  // signal-with-start delivers applySettings before run() has built the state
  private SupervisorSettings pendingSettings;

  @Override
  public void run(SparkSupervisorInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    SupervisorSettings settings =
        (input.settings() == null ? SupervisorSettings.DEFAULTS : input.settings())
            .over(SupervisorSettings.DEFAULTS);
    if (settings.problem() != null) {
      throw LogwiseFailures.invalidInput(settings.problem());
    }
    s =
        input.carriedOver() == null
            ? Supervision.fresh(input.tenant(), settings)
            : Supervision.from(input.carriedOver(), settings);
    if (pendingSettings != null) {
      applySettings(pendingSettings);
      pendingSettings = null;
    }
    while (true) {
      lock.lock();
      try {
        if (!s.paused && replayIsDue()) {
          tryEndReplay("resumeAt reached");
        }
        cycle(null);
      } finally {
        lock.unlock();
      }
      Workflow.setCurrentDetails(s.markdown());
      wake = false;
      Workflow.await(Duration.ofSeconds(s.settings.pollIntervalSeconds()), () -> wake);
      if (Workflow.getInfo().isContinueAsNewSuggested()
          || Workflow.getInfo().getHistoryLength() > input.maxHistoryEventsOrDefault()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(
            new SparkSupervisorInput(s.tenant, s.settings, input.maxHistoryEvents(), s.snapshot()));
      }
    }
  }

  // ---- one look at the master ------------------------------------------------------------

  private CheckResult cycle(CheckRequest overrides) {
    if (s.paused) {
      return new CheckResult(s.driverState, "none", s.submissionId, "supervision is paused");
    }
    if (s.pendingCutover != null) {
      return new CheckResult(
          s.driverState,
          "waiting",
          s.submissionId,
          "cut-over of migration "
              + s.pendingCutover
              + " unfinished; waiting for it to be retried");
    }
    DriverObservation obs;
    try {
      obs = observer.observe(new ObserveRequest(s.tenant, s.submissionId));
    } catch (ActivityFailure e) {
      s.driverState = "UNREACHABLE";
      s.lastError = "master unreachable: " + LogwiseFailures.rootMessage(e);
      return new CheckResult("UNREACHABLE", "unreachable", s.submissionId, s.lastError);
    }
    long now = Workflow.currentTimeMillis();
    DriverState ours = s.submissionId == null ? null : DriverState.parse(obs.ourState());
    s.driverState = ours == null ? "NONE" : ours.name();
    noteLifecycle(ours, obs.ourMessage(), now);
    SupervisorDecision decision = SupervisorPolicy.decide(view(ours, obs, now));
    return switch (decision.action()) {
      case NONE ->
          new CheckResult(
              s.driverState,
              s.stoppedReason != null ? "stopped" : "none",
              s.submissionId,
              decision.reason());
      case WAIT -> new CheckResult(s.driverState, "waiting", s.submissionId, decision.reason());
      case ADOPT -> adopt(decision.adoptSubmissionId(), now);
      case SUBMIT -> submit(overrides, decision.reason());
    };
  }

  private SupervisorView view(DriverState ours, DriverObservation obs, long now) {
    return new SupervisorView(
        ours,
        s.submissionId == null ? null : Instant.ofEpochMilli(s.submittedAtMillis),
        obs.otherLiveDrivers(),
        Instant.ofEpochMilli(now),
        Duration.ofSeconds(s.settings.submitGraceSeconds()),
        s.backoffUntilMillis == 0 ? null : Instant.ofEpochMilli(s.backoffUntilMillis),
        s.paused,
        s.stoppedReason);
  }

  /** Tracks uptime and counts each death of our driver once against the restart budget. */
  private void noteLifecycle(DriverState ours, String message, long now) {
    if (ours == DriverState.RUNNING && s.runningSinceMillis == 0) {
      s.runningSinceMillis = now;
    }
    boolean dead = ours != null && !ours.isAlive() && ours != DriverState.NOT_FOUND;
    if (!dead || s.submissionId.equals(s.deathSeenFor)) {
      return;
    }
    s.deathSeenFor = s.submissionId;
    if (ours.isCrash()) {
      RestartBudget budget = budget();
      Instant since = s.runningSinceMillis == 0 ? null : Instant.ofEpochMilli(s.runningSinceMillis);
      s.consecutiveCrashes =
          budget.crashesAfterDeath(s.consecutiveCrashes, since, Instant.ofEpochMilli(now));
      s.backoffUntilMillis =
          now + budget.delayBefore(s.consecutiveCrashes, random.nextDouble()).toMillis();
      s.lastError =
          "driver " + s.submissionId + " " + ours + (message == null ? "" : ": " + message);
      log.warn("tenant {}: {} (crash {} in a row)", s.tenant, s.lastError, s.consecutiveCrashes);
    }
    s.runningSinceMillis = 0;
  }

  private RestartBudget budget() {
    SupervisorSettings c = s.settings;
    return new RestartBudget(
        Duration.ofSeconds(c.backoffBaseSeconds()),
        Duration.ofSeconds(c.backoffCapSeconds()),
        Duration.ofSeconds(c.stablePeriodSeconds()),
        0.2);
  }

  private CheckResult adopt(String id, long now) {
    s.submissionId = id;
    s.submittedAtMillis = now;
    s.deathSeenFor = null;
    s.runningSinceMillis = 0;
    s.acted("adopted " + id, now);
    return new CheckResult(
        "ALIVE", "adopted", id, "a live driver of ours was already on the master");
  }

  private CheckResult submit(CheckRequest overrides, String why) {
    String key = "spark-supervisor/" + s.tenant + "/" + Workflow.randomUUID();
    SubmitRequest request =
        new SubmitRequest(
            s.tenant,
            key,
            s.startingOffsetsTimestamp,
            s.subscribeMode,
            overrides == null ? null : overrides.driverCores(),
            overrides == null ? null : overrides.driverMemoryGb(),
            s.kafkaBootstrapServers,
            s.startingOffsetsMigrationId);
    SubmitResult result;
    try {
      result = submitter.submitDriver(request);
    } catch (ActivityFailure e) {
      String message = LogwiseFailures.rootMessage(e);
      s.lastError = "submission failed: " + message;
      if (isNonRetryable(e)) {
        s.stoppedReason = "the master rejected the submission: " + message;
        s.acted("stopped", Workflow.currentTimeMillis());
        log.error("tenant {}: {}; supervision stopped until resume", s.tenant, s.stoppedReason);
        return new CheckResult(s.driverState, "stopped", s.submissionId, s.stoppedReason);
      }
      return new CheckResult(s.driverState, "none", s.submissionId, s.lastError);
    }
    long now = Workflow.currentTimeMillis();
    s.submissionId = result.submissionId();
    s.submittedAtMillis = now;
    s.deathSeenFor = null;
    s.runningSinceMillis = 0;
    s.driverState = "SUBMITTED";
    s.submissions++;
    s.lastError = null;
    String action = result.adopted() ? "adopted" : "submitted";
    s.acted(action + " " + result.submissionId() + " (" + why + ")", now);
    return new CheckResult(s.driverState, action, result.submissionId(), why);
  }

  // ---- operator requests -------------------------------------------------------------------

  @Override
  public CheckResult checkNow(CheckRequest request) {
    lock.lock();
    try {
      return cycle(request);
    } finally {
      lock.unlock();
      Workflow.setCurrentDetails(s.markdown());
    }
  }

  @Override
  public CheckResult restart(ControlRequest request) {
    lock.lock();
    try {
      stopDriver();
      s.consecutiveCrashes = 0;
      s.backoffUntilMillis = 0;
      s.stoppedReason = null;
      CheckResult submitted = submit(null, "restart requested by " + who(request));
      return new CheckResult(
          submitted.driver(),
          "submitted".equals(submitted.action()) ? "restarted" : submitted.action(),
          submitted.submissionId(),
          submitted.reason());
    } finally {
      lock.unlock();
      Workflow.setCurrentDetails(s.markdown());
    }
  }

  @Override
  public SupervisorState pause(ControlRequest request) {
    s.paused = true;
    s.acted("paused by " + who(request), Workflow.currentTimeMillis());
    Workflow.setCurrentDetails(s.markdown());
    return s.snapshot();
  }

  @Override
  public SupervisorState resume(ControlRequest request) {
    s.paused = false;
    s.stoppedReason = null;
    s.acted("resumed by " + who(request), Workflow.currentTimeMillis());
    wake = true;
    return s.snapshot();
  }

  @Override
  public void validateReplay(ReplayRequest r) {
    if (r == null || r.fromTimestamp() == null) {
      throw new IllegalArgumentException("fromTimestamp is required");
    }
    if (r.reason() == null || r.reason().isBlank() || r.reason().length() > 500) {
      throw new IllegalArgumentException("reason is required (at most 500 characters)");
    }
    long now = Workflow.currentTimeMillis();
    if (r.fromTimestamp() > now) {
      throw new IllegalArgumentException(
          "fromTimestamp " + Instant.ofEpochMilli(r.fromTimestamp()) + " is in the future");
    }
    long oldest = now - s.settings.maxReplayAgeSeconds() * 1000;
    if (r.fromTimestamp() < oldest) {
      throw new IllegalArgumentException(
          "fromTimestamp "
              + Instant.ofEpochMilli(r.fromTimestamp())
              + " is before the oldest replayable time "
              + Instant.ofEpochMilli(oldest)
              + " (maxReplayAgeSeconds "
              + s.settings.maxReplayAgeSeconds()
              + ")");
    }
    if (r.resumeAt() != null && r.resumeAt() <= now) {
      throw new IllegalArgumentException("resumeAt must be in the future");
    }
    if (s.activeReplay != null) {
      throw new IllegalArgumentException(
          "replay " + s.activeReplay.replayId() + " is active; end it first");
    }
  }

  @Override
  public ReplayStarted replay(ReplayRequest r) {
    lock.lock();
    try {
      long now = Workflow.currentTimeMillis();
      String replayId = Workflow.randomUUID().toString();
      stopDriver();
      streamingState.resetStreamingState(new StateResetRequest(s.tenant, "replay-" + replayId));
      s.mode = Supervision.REPLAY;
      s.startingOffsetsTimestamp = r.fromTimestamp();
      s.subscribeMode = "assign";
      s.consecutiveCrashes = 0;
      s.backoffUntilMillis = 0;
      s.stoppedReason = null;
      CheckResult submitted =
          submit(null, "replay from " + Instant.ofEpochMilli(r.fromTimestamp()));
      if (submitted.submissionId() == null
          || !"submitted".equals(submitted.action()) && !"adopted".equals(submitted.action())) {
        throw ApplicationFailure.newFailure(
            "replay driver could not be submitted: " + submitted.reason(),
            LogwiseFailures.UNAVAILABLE);
      }
      ReplayRecord record =
          new ReplayRecord(
              s.tenant,
              replayId,
              r.requestedBy(),
              r.reason(),
              now,
              r.fromTimestamp(),
              r.resumeAt(),
              submitted.submissionId(),
              null,
              null,
              null);
      s.activeReplay = record;
      s.remember(record);
      records.recordReplay(record);
      return new ReplayStarted(replayId, submitted.submissionId(), r.fromTimestamp());
    } finally {
      lock.unlock();
      Workflow.setCurrentDetails(s.markdown());
    }
  }

  @Override
  public void validateEndReplay(ControlRequest request) {
    if (s.activeReplay == null) {
      throw new IllegalArgumentException("no replay is active");
    }
  }

  @Override
  public SupervisorState endReplay(ControlRequest request) {
    lock.lock();
    try {
      if (s.activeReplay != null) {
        endActiveReplay("ended by " + who(request));
      }
      return s.snapshot();
    } finally {
      lock.unlock();
      Workflow.setCurrentDetails(s.markdown());
    }
  }

  @Override
  public void validateCutover(CutoverCommand c) {
    if (c == null
        || c.migrationId() == null
        || c.migrationId().isBlank()
        || c.bootstrapServers() == null
        || c.bootstrapServers().isBlank()) {
      throw new IllegalArgumentException("migrationId and bootstrapServers are required");
    }
    if (s.lastCutover != null && c.migrationId().equals(s.lastCutover.migrationId())) {
      return;
    }
    if (s.activeReplay != null) {
      throw new IllegalStateException(
          "replay " + s.activeReplay.replayId() + " is active; end it before a cut-over");
    }
    if (s.paused || s.stoppedReason != null) {
      throw new IllegalStateException(
          "supervision is "
              + (s.paused ? "paused" : "stopped: " + s.stoppedReason)
              + "; resume it before a cut-over");
    }
  }

  @Override
  public CutoverResult cutover(CutoverCommand c) {
    lock.lock();
    try {
      if (s.lastCutover != null && c.migrationId().equals(s.lastCutover.migrationId())) {
        return s.lastCutover;
      }
      s.pendingCutover = c.migrationId();
      String stopped = s.submissionId;
      stopDriver();
      // from here on every submission reads the new cluster from the recorded offsets
      s.kafkaBootstrapServers = c.bootstrapServers();
      s.startingOffsetsMigrationId = c.migrationId();
      s.startingOffsetsTimestamp = null;
      s.subscribeMode = "pattern";
      streamingState.resetStreamingState(
          new StateResetRequest(s.tenant, "cutover-" + c.migrationId()));
      records.switchCluster(new ClusterSwitch(s.tenant, c.migrationId(), c.bootstrapServers()));
      s.consecutiveCrashes = 0;
      s.backoffUntilMillis = 0;
      CheckResult submitted =
          submit(
              null, "cut-over to " + c.bootstrapServers() + " (migration " + c.migrationId() + ")");
      if (submitted.submissionId() == null
          || !"submitted".equals(submitted.action()) && !"adopted".equals(submitted.action())) {
        throw ApplicationFailure.newFailure(
            "the driver could not be submitted on the new cluster: " + submitted.reason(),
            LogwiseFailures.UNAVAILABLE);
      }
      s.pendingCutover = null;
      s.lastCutover =
          new CutoverResult(
              c.migrationId(),
              c.bootstrapServers(),
              stopped,
              submitted.submissionId(),
              Workflow.currentTimeMillis());
      s.acted("cut over to " + c.bootstrapServers(), Workflow.currentTimeMillis());
      return s.lastCutover;
    } finally {
      lock.unlock();
      Workflow.setCurrentDetails(s.markdown());
    }
  }

  @Override
  public void applySettings(SupervisorSettings settings) {
    if (settings == null) {
      return;
    }
    if (s == null) {
      pendingSettings = pendingSettings == null ? settings : settings.over(pendingSettings);
      return;
    }
    SupervisorSettings merged = settings.over(s.settings);
    if (merged.problem() != null) {
      log.warn("tenant {}: ignoring settings: {}", s.tenant, merged.problem());
      return;
    }
    s.settings = merged;
    wake = true;
  }

  @Override
  public SupervisorState state() {
    return s == null ? null : s.snapshot();
  }

  // ---- replay steps ------------------------------------------------------------------------

  private boolean replayIsDue() {
    return s.activeReplay != null
        && s.activeReplay.resumeAt() != null
        && Workflow.currentTimeMillis() >= s.activeReplay.resumeAt();
  }

  private void tryEndReplay(String why) {
    try {
      endActiveReplay(why);
    } catch (ActivityFailure | ApplicationFailure e) {
      s.lastError = "ending replay failed: " + LogwiseFailures.rootMessage(e) + "; will try again";
    }
  }

  /** Stops the replay driver, then starts the normal job from the stop time minus the overlap. */
  private void endActiveReplay(String why) {
    stopDriver();
    long stoppedAt = Workflow.currentTimeMillis();
    long resumeFrom = stoppedAt - s.settings.resumeOverlapSeconds() * 1000;
    ReplayRecord replay = s.activeReplay;
    streamingState.resetStreamingState(
        new StateResetRequest(s.tenant, "resume-" + replay.replayId()));
    s.mode = Supervision.NORMAL;
    s.startingOffsetsTimestamp = resumeFrom;
    s.subscribeMode = "pattern";
    CheckResult submitted =
        submit(
            null,
            "replay "
                + replay.replayId()
                + " "
                + why
                + "; normal job from "
                + Instant.ofEpochMilli(resumeFrom));
    ReplayRecord ended =
        new ReplayRecord(
            replay.tenant(),
            replay.replayId(),
            replay.requestedBy(),
            replay.reason(),
            replay.requestedAtMillis(),
            replay.fromTimestamp(),
            replay.resumeAt(),
            replay.replaySubmissionId(),
            stoppedAt,
            resumeFrom,
            submitted.submissionId());
    s.activeReplay = null;
    s.remember(ended);
    records.recordReplay(ended);
  }

  /** Kills our driver (if any) and waits until the master no longer runs it. */
  private void stopDriver() {
    if (s.submissionId == null) {
      return;
    }
    String id = s.submissionId;
    killer.killDriver(new KillRequest(s.tenant, id));
    DriverGone gone = killer.awaitDriverGone(new AwaitGoneRequest(s.tenant, id, 120));
    s.driverState = gone.finalState();
    s.deathSeenFor = id;
    s.runningSinceMillis = 0;
    s.acted("stopped " + id, Workflow.currentTimeMillis());
  }

  // ---- helpers -----------------------------------------------------------------------------

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
