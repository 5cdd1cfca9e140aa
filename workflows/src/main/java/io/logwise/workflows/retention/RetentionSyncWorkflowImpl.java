package io.logwise.workflows.retention;

import io.logwise.workflows.ActivityStubs;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.catalog.CatalogSyncRequest;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.catalog.ServiceCatalogActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** Implementation of {@link RetentionSyncWorkflow}: sync → wait → (continue as new) → sync. */
public class RetentionSyncWorkflowImpl implements RetentionSyncWorkflow {

  private static final Logger log = Workflow.getLogger(RetentionSyncWorkflowImpl.class);

  // one stub for the timer's syncs and requested ones: a request waits for the API's deadline at
  // most, so the attempts beyond it only matter to the timer's
  private final ServiceCatalogActivities catalog =
      Workflow.newActivityStub(
          ServiceCatalogActivities.class,
          ActivityStubs.options(Duration.ofMinutes(10), Duration.ofMinutes(1), 5, "catalog sync"));
  private final RetentionActivities retention =
      ActivityStubs.of(
          RetentionActivities.class,
          ActivityStubs.options(
              Duration.ofMinutes(5), Duration.ofMinutes(1), 3, "lifecycle and freshness"),
          Map.of(
              "SweepExpired",
              ActivityStubs.options(
                  Duration.ofMinutes(20), Duration.ofMinutes(2), 3, "expiry sweep")));
  private final PipelineHealthActivities pipeline =
      Workflow.newActivityStub(
          PipelineHealthActivities.class,
          ActivityStubs.options(Duration.ofSeconds(30), null, 1, "pipeline health"));
  private final WorkflowLock syncLock = Workflow.newWorkflowLock();
  private final WorkflowLock sweepLock = Workflow.newWorkflowLock();
  private boolean sweeping;
  private long catalogSteps;

  static final int HISTORY_MARGIN = io.logwise.workflows.HistoryBudget.MARGIN;

  private RetentionSyncState state;
  private long intervalSeconds;
  private int maxHistory = RetentionSyncInput.DEFAULT_MAX_HISTORY_EVENTS;

  /**
   * Runs before any handler: an update can reach a run in its first workflow task, before {@code
   * run} starts (it did right after continue-as-new, and the task failed on a null state).
   */
  @WorkflowInit
  public RetentionSyncWorkflowImpl(RetentionSyncInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      return; // run() refuses it
    }
    state =
        input.carriedOver() != null
            ? input.carriedOver()
            : RetentionSyncState.initial(input.tenant());
    intervalSeconds = Math.max(0, input.syncIntervalSecondsOrDefault());
    maxHistory = input.maxHistoryEventsOrDefault();
  }

  @Override
  public void run(RetentionSyncInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    if (input.syncIntervalSecondsOrDefault() < minimumIntervalSeconds()) {
      throw LogwiseFailures.invalidInput(
          "syncIntervalSeconds must be at least " + minimumIntervalSeconds());
    }
    // state, interval and limit were set by the constructor (a settings signal may have changed
    // the interval since)
    // a run that continued as new between ticks (its history filled up with updates) waits for
    // the tick it was waiting for instead of syncing at once; older runs always carried 0
    long resumeAt = state.nextSyncAtMillis();
    if (resumeAt > Workflow.currentTimeMillis()) {
      Workflow.await(
          Duration.ofMillis(resumeAt - Workflow.currentTimeMillis()), () -> historyIsLong(input));
      if (historyIsLong(input)) { // filled up again before the tick: hand over again
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(input.carrying(intervalSeconds, state));
      }
    }

    while (true) {
      try {
        if (sweepOutsideSyncLock()) {
          syncThenSweep(catalog, "timer", false);
        } else {
          sync(catalog, "timer");
        }
      } catch (ApplicationFailure e) {
        // already recorded in the state; the next tick tries again
      }
      if (Workflow.getVersion("freshness-on-tick", Workflow.DEFAULT_VERSION, 1) == 1) {
        try {
          // keeps the freshness history and gauge current for dashboards and the simulator
          boolean everyService =
              Workflow.getVersion("freshness-every-service", Workflow.DEFAULT_VERSION, 1) == 1;
          retention.measureFreshness(
              new RetentionActivities.FreshnessRequest(
                  state.tenant(), null, null, everyService ? Boolean.TRUE : null));
          if (state.freshnessFailing()) {
            log.info("freshness of tenant {} is measured again", state.tenant());
            state = state.withFreshnessFailing(false);
          }
        } catch (ActivityFailure e) {
          if (!state.freshnessFailing()) { // once per change, not every tick
            log.warn(
                "freshness of tenant {} not measured (said once until it is): {}",
                state.tenant(),
                LogwiseFailures.rootMessage(e));
            state = state.withFreshnessFailing(true);
          }
        }
      }
      if (Workflow.getVersion("health-on-tick", Workflow.DEFAULT_VERSION, 1) == 1) {
        try {
          // GET …/health reads this through the state query: a read costs no history. The state
          // is read once the check is back: a sync may have changed it meanwhile
          PipelineHealthActivities.PipelineHealth health = pipeline.checkPipeline(state.tenant());
          state = state.withHealth(health);
        } catch (ActivityFailure e) {
          log.warn(
              "pipeline health of tenant {} not checked: {}",
              state.tenant(),
              LogwiseFailures.rootMessage(e));
        }
      }
      Duration interval = Duration.ofSeconds(intervalSeconds);
      state = state.nextSyncAt(Workflow.currentTimeMillis() + interval.toMillis());
      showDetails();
      boolean boundBetweenTicks =
          Workflow.getVersion("history-bound-between-ticks", Workflow.DEFAULT_VERSION, 1) == 1;
      if (boundBetweenTicks) {
        // updates (sync, plan, measure) write history too: stop waiting once it is long
        boolean ticked = !Workflow.await(interval, () -> historyIsLong(input));
        if (historyIsLong(input)) {
          Workflow.await(Workflow::isEveryHandlerFinished);
          Workflow.continueAsNew(
              input.carrying(intervalSeconds, ticked ? state.nextSyncAt(0) : state));
        }
      } else {
        Workflow.sleep(interval);
        if (historyIsLong(input)) {
          Workflow.await(Workflow::isEveryHandlerFinished);
          Workflow.continueAsNew(input.carrying(intervalSeconds, state.nextSyncAt(0)));
        }
      }
    }
  }

  @Override
  public SyncResult syncNow(SyncRequest request) {
    String who =
        request == null || request.requestedBy() == null ? "unknown" : request.requestedBy();
    try {
      return sweepOutsideSyncLock()
          ? syncThenSweep(catalog, "api: " + who, true)
          : sync(catalog, "api: " + who);
    } finally {
      showDetails();
    }
  }

  @Override
  public void validatePlanLifecycle(SyncRequest request) {
    refuseWhenHistoryIsFull();
  }

  @Override
  public void validatePlanSweep(SyncRequest request) {
    refuseWhenHistoryIsFull();
  }

  @Override
  public void validateFreshness(RetentionActivities.FreshnessRequest request) {
    refuseWhenHistoryIsFull();
  }

  @Override
  public void validateHealth(SyncRequest request) {
    refuseWhenHistoryIsFull();
  }

  private void refuseWhenHistoryIsFull() {
    io.logwise.workflows.HistoryBudget.refuseWhenFull(maxHistory);
  }

  @Override
  public void validateSyncNow(SyncRequest request) {
    refuseWhenHistoryIsFull();
    if (request != null
        && request.reason() != null
        && request.reason().length() > SyncRequest.MAX_REASON_LENGTH) {
      throw new IllegalArgumentException(
          "reason must be at most " + SyncRequest.MAX_REASON_LENGTH + " characters");
    }
  }

  @Override
  public void applySettings(RetentionSyncSettings settings) {
    if (settings == null || settings.syncIntervalSeconds() == null) {
      return;
    }
    if (settings.syncIntervalSeconds() < minimumIntervalSeconds()) {
      log.warn(
          "ignoring syncIntervalSeconds={}: must be at least {}",
          settings.syncIntervalSeconds(),
          minimumIntervalSeconds());
      return;
    }
    intervalSeconds = settings.syncIntervalSeconds();
  }

  /**
   * The shortest interval a run accepts. Runs recorded before the 10 s minimum took 1 s; they still
   * replay with 1 s (the input check and the settings signal decide what timers follow).
   */
  private static long minimumIntervalSeconds() {
    return Workflow.getVersion("interval-minimum-10s", Workflow.DEFAULT_VERSION, 1) == 1
        ? RetentionSyncSettings.MIN_INTERVAL_SECONDS
        : 1;
  }

  @Override
  public RetentionActivities.LifecycleResult planLifecycle(SyncRequest request) {
    return retention.reconcileLifecycle(
        new RetentionActivities.LifecycleRequest(state.tenant(), true));
  }

  @Override
  public RetentionActivities.SweepResult planSweep(SyncRequest request) {
    // from where the next sweep starts: the plan lists what the coming sweeps take, in order
    return retention.sweepExpired(
        new RetentionActivities.SweepRequest(state.tenant(), true, state.sweepStartAt()));
  }

  @Override
  public RetentionActivities.FreshnessResult freshness(
      RetentionActivities.FreshnessRequest request) {
    List<String> services = request == null ? null : request.services();
    String environment = request == null ? null : request.environment();
    return retention.measureFreshness(
        new RetentionActivities.FreshnessRequest(state.tenant(), services, environment, null));
  }

  @Override
  public PipelineHealthActivities.PipelineHealth health(SyncRequest request) {
    PipelineHealthActivities.PipelineHealth health = pipeline.checkPipeline(state.tenant());
    state = state.withHealth(health);
    return health;
  }

  @Override
  public RetentionSyncState state() {
    return state;
  }

  /** The lifecycle rules written after a catalog sync; null when that failed (or predates it). */
  private RetentionActivities.LifecycleResult reconcileAfterSync() {
    if (Workflow.getVersion("lifecycle-after-sync", Workflow.DEFAULT_VERSION, 1) != 1) {
      return null;
    }
    try {
      return retention.reconcileLifecycle(
          new RetentionActivities.LifecycleRequest(state.tenant(), false));
    } catch (ActivityFailure e) {
      log.warn(
          "lifecycle reconcile for tenant {} failed: {}",
          state.tenant(),
          LogwiseFailures.rootMessage(e));
      return null;
    }
  }

  /**
   * A sync holding the sync lock throughout (catalog, lifecycle, sweep), as runs recorded before
   * the sweep moved out of the lock do; newer runs sync through {@link #syncThenSweep}.
   */
  private SyncResult sync(ServiceCatalogActivities activities, String trigger) {
    syncLock.lock();
    try {
      return finish(syncCatalog(activities, trigger), true);
    } finally {
      syncLock.unlock();
    }
  }

  /**
   * The catalog and the lifecycle rules under the sync lock, then the expiry sweep under its own:
   * an on-demand sync waits for a timer sync's catalog and rules (seconds), never for its sweep
   * (minutes at thousands of services). An on-demand sync that finds a sweep running leaves the
   * sweep to it ({@code onDemand}); a timer sync waits for it and sweeps on from where it stopped.
   */
  private SyncResult syncThenSweep(
      ServiceCatalogActivities activities, String trigger, boolean onDemand) {
    CatalogStep step;
    syncLock.lock();
    try {
      step = syncCatalog(activities, trigger);
    } finally {
      syncLock.unlock();
    }
    if (onDemand && sweeping) {
      return finish(
          step.withNote(
              "the expiry sweep was left to the one already running (its summary is in that"
                  + " sync's answer)"),
          false);
    }
    sweepLock.lock();
    sweeping = true;
    try {
      return finish(step, true);
    } finally {
      sweeping = false;
      sweepLock.unlock();
    }
  }

  /** Whether this run syncs through {@link #syncThenSweep} (the sweep outside the sync lock). */
  private static boolean sweepOutsideSyncLock() {
    return Workflow.getVersion("sweep-outside-sync-lock", Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /**
   * What a sync did before its sweep: the catalog, and the lifecycle rules unless they were
   * withheld.
   */
  private record CatalogStep(
      long seq,
      long started,
      String trigger,
      CatalogSyncResult catalog,
      RetentionActivities.LifecycleResult lifecycle,
      boolean withheld,
      String notApplied) {

    CatalogStep withNote(String note) {
      return new CatalogStep(
          seq, started, trigger, catalog, lifecycle, withheld, alsoNotApplied(notApplied, note));
    }
  }

  private CatalogStep syncCatalog(ServiceCatalogActivities activities, String trigger) {
    // catalog steps run one at a time (the sync lock): the numbers say which result is newest
    long seq = ++catalogSteps;
    long started = Workflow.currentTimeMillis();
    String key = Workflow.getInfo().getRunId() + "/" + Workflow.randomUUID();
    CatalogSyncResult catalog;
    try {
      catalog = activities.syncServiceCatalog(new CatalogSyncRequest(state.tenant(), key, trigger));
    } catch (ActivityFailure e) {
      throw failed(e);
    }
    // a catalog that withholds its removals as a likely mistake (most services gone at once: the
    // tenant pointed at the wrong bucket) writes no rules and sweeps nothing in that bucket
    if (catalog.removalsWithheldReason() != null
        && Workflow.getVersion("no-writes-while-withheld", Workflow.DEFAULT_VERSION, 1) == 1) {
      String notApplied =
          "no lifecycle rules written and no expiry sweep while the catalog's removals are"
              + " withheld: "
              + catalog.removalsWithheldReason();
      log.warn("tenant {}: {}", state.tenant(), notApplied);
      return new CatalogStep(seq, started, trigger, catalog, null, true, notApplied);
    }
    RetentionActivities.LifecycleResult lifecycle = reconcileAfterSync();
    return new CatalogStep(
        seq,
        started,
        trigger,
        catalog,
        lifecycle,
        false,
        lifecycle == null ? "the lifecycle reconcile failed" : null);
  }

  /** What was not applied, {@code more} said after what already was ({@code soFar}, or null). */
  private static String alsoNotApplied(String soFar, String more) {
    return soFar == null ? more : soFar + "; " + more;
  }

  private SyncResult finish(CatalogStep step, boolean sweepNow) {
    RetentionActivities.SweepResult sweep = null;
    String notApplied = step.notApplied();
    if (!step.withheld()
        && sweepNow
        && Workflow.getVersion("expiry-sweep", Workflow.DEFAULT_VERSION, 1) == 1) {
      try {
        sweep =
            retention.sweepExpired(
                new RetentionActivities.SweepRequest(state.tenant(), false, state.sweepStartAt()));
        if (sweep.notReached() > 0) {
          notApplied =
              alsoNotApplied(
                  notApplied,
                  sweep.notReached()
                      + " of "
                      + sweep.candidates()
                      + " swept services not reached in this run"
                      + (sweep.failures().isEmpty() ? "" : " (" + sweep.failures().get(0) + ")"));
        }
      } catch (ActivityFailure e) {
        notApplied =
            alsoNotApplied(
                notApplied, "the expiry sweep failed: " + LogwiseFailures.rootMessage(e));
        log.warn("expiry sweep for tenant {} failed: {}", state.tenant(), notApplied);
      }
    }
    SyncResult result =
        new SyncResult(
            state.tenant(),
            step.trigger(),
            step.started(),
            Workflow.currentTimeMillis(),
            step.catalog(),
            step.lifecycle(),
            sweep,
            notApplied);
    if (state.lastFailure() != null) {
      log.info("catalog sync for tenant {} succeeds again", state.tenant());
    }
    // a sweep that ran for minutes ends after a newer sync (on demand, or failed) took its catalog:
    // that one's result and failure stand, this one adds its sweep's progress
    state = step.seq() == catalogSteps ? state.succeeded(result) : state.sweptAfter(result);
    return result;
  }

  private ApplicationFailure failed(ActivityFailure e) {
    String message = LogwiseFailures.rootMessage(e);
    boolean wasFailing = state.lastFailure() != null;
    state = state.failed(message, Workflow.currentTimeMillis());
    if (!wasFailing) { // once per change: each failure is in the state query and the history
      log.warn(
          "catalog sync for tenant {} failed (said once until a sync succeeds): {}",
          state.tenant(),
          message);
    }
    return ApplicationFailure.newFailure(
        "catalog sync for tenant " + state.tenant() + " failed: " + message,
        LogwiseFailures.SYNC_FAILED);
  }

  private boolean historyIsLong(RetentionSyncInput input) {
    return io.logwise.workflows.HistoryBudget.isLong(input.maxHistoryEventsOrDefault());
  }

  private void showDetails() {
    StringBuilder md =
        new StringBuilder("**Service catalog sync** for `" + state.tenant() + "`\n\n");
    md.append("- syncs: ").append(state.syncCount()).append(", failures: ");
    md.append(state.failureCount()).append('\n');
    if (state.lastSync() != null) {
      CatalogSyncResult c = state.lastSync().catalog();
      md.append("- last: ").append(c.discovered()).append(" services, +").append(c.added());
      md.append(" / -").append(c.removed()).append(" (").append(state.lastSync().trigger());
      md.append(")\n");
    }
    if (state.lastSync() != null && state.lastSync().notApplied() != null) {
      md.append("- retention not applied: ").append(state.lastSync().notApplied()).append('\n');
    }
    if (state.lastFailure() != null) {
      md.append("- last failure: ").append(state.lastFailure()).append('\n');
    }
    Workflow.setCurrentDetails(md.toString());
  }
}
