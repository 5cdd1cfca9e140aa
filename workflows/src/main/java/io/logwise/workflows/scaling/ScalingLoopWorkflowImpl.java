package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.AdaptiveScalingPolicy;
import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.DecisionInputs;
import io.logwise.policy.scaling.PolicyName;
import io.logwise.policy.scaling.ScaleFlags;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.scaling.ScalingEvaluation;
import io.logwise.workflows.ActivityStubs;
import io.logwise.workflows.HistoryBudget;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.planned.PlannedFloor;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Implementation of {@link ScalingLoopWorkflow}: per batch, observe → decide → act → record; and,
 * while a batch report is overdue (adaptive revision 10), the same with Kafka's latest offsets.
 */
public class ScalingLoopWorkflowImpl implements ScalingLoopWorkflow {

  private static final Logger log = Workflow.getLogger(ScalingLoopWorkflowImpl.class);

  /**
   * From this marker a look whose newest report predates a migration's switch of the tenant's Kafka
   * cluster decides nothing (its offsets are the old cluster's). Asked only then, so runs that
   * never migrate carry no marker.
   */
  static final String LOOK_AFTER_SWITCH = "overdue-look-after-switch";

  /**
   * How workers register this type. An input it cannot read (a {@code ScalingConfig} naming an
   * unknown policy, sent with {@code temporal workflow start --input}) fails the run with the
   * reason, instead of failing its first task again and again with nobody told. The price: a result
   * of its own activities that cannot be read fails the run too, rather than waiting for a fix; the
   * loop is started again, fresh, by the next batch (signal-with-start), its override and decisions
   * read back from the database.
   */
  public static final io.temporal.worker.WorkflowImplementationOptions OPTIONS =
      io.temporal.worker.WorkflowImplementationOptions.newBuilder()
          .setFailWorkflowExceptionTypes(io.temporal.common.converter.DataConverterException.class)
          .build();

  private static final int PRUNE_EVERY = 100;

  /** A queue longer than this is a backlog: one evaluation over the newest window covers it. */
  static final int COALESCE_ABOVE = 10;

  /**
   * A run hands over to a new one (continue-as-new) once it is this old, busy or idle, so that no
   * run lives on code older than the last hour's: a retired version branch is dead an hour after
   * the release that every run has continued into (docs/development.md).
   */
  static final Duration RUN_AGE_LIMIT = Duration.ofHours(1);

  /** At most this many queued batches are carried into the next run; older ones are folded. */
  static final int CARRIED_PENDING = 500;

  private final ScalingActivities activities =
      ActivityStubs.of(
          ScalingActivities.class,
          ActivityStubs.options(Duration.ofSeconds(30), null, 10, "record"),
          Map.of(
              "ObserveFleetSize",
              ActivityStubs.options(Duration.ofSeconds(30), null, 3, "observe fleet"),
              "ObserveMaster",
              ActivityStubs.options(Duration.ofSeconds(30), null, 3, "observe master"),
              "ListWalFiles",
              ActivityStubs.options(Duration.ofSeconds(30), null, 3, "list WAL files"),
              "ReadLatestOffsets",
              ActivityStubs.options(Duration.ofSeconds(30), null, 3, "read Kafka's latest offsets"),
              // a scale is a few quick calls; a dead worker's attempt is retried after this
              "ScaleFleet",
              ActivityStubs.options(Duration.ofSeconds(60), null, 5, "scale fleet")));

  private final Observer observer = new Observer(activities);
  private final Recorder recorder = new Recorder(activities);

  // everything carried across runs; changed only by its transitions, and never across a blocking
  // call (read it again after one: signals change it meanwhile)
  private ScalingLoopState state = ScalingLoopState.UNSTARTED;

  // the run's settings: from the input, then the configure signal (null until run() reads them)
  private ScalingConfig config;
  private boolean dryRun;
  private long bootTimeoutMillis;
  private int maxEvents = 2000;
  // signal-with-start delivers configure before run() has read its input
  private ScalingLoopSettings pendingSettings;
  // a planned event's floor arrived and waits to be acted on
  private boolean floorArrived;
  // run() has read its input, the carried-over state and the stored override
  private boolean started;
  // fires when this run is RUN_AGE_LIMIT old; null for runs from before it
  private Promise<Void> aged;
  private final WorkflowLock overrideLock = Workflow.newWorkflowLock();
  // the adaptive rules this run decided by, once it decided (null before)
  private Integer decidedBy;
  // when this run took in the newest batch, by the loop's clock (null before it took one in)
  private Long takenInAtMillis;
  // and when that batch ended, by the driver's clock
  private Long takenInCompletionMillis;

  @Override
  public void run(ScalingLoopInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    // a ScalingConfig names a known policy or is not made (its constructor refuses the rest)
    config = input.config() == null ? ScalingConfig.REFERENCE : input.config();
    dryRun = Boolean.TRUE.equals(input.dryRun());
    bootTimeoutMillis =
        (input.bootTimeoutSeconds() == null ? 600 : input.bootTimeoutSeconds()) * 1000;
    if (input.carriedOver() != null) {
      state = state.continuedFrom(input.tenant(), input.carriedOver());
    } else {
      OverrideState stored = activities.loadOverride(new TenantRequest(input.tenant()));
      state = state.started(input.tenant(), stored);
    }
    if (pendingSettings != null) {
      configure(pendingSettings);
      pendingSettings = null;
    }
    maxEvents = input.maxHistoryEvents() == null ? 2000 : input.maxHistoryEvents();
    started = true;
    // retired: runs from before bounded-drain (one evaluation per batch, the budget checked only
    // once the queue was empty) are no longer replayed; see docs/development.md
    Workflow.getVersion("bounded-drain", 1, 1);
    runBounded(input);
  }

  /**
   * The loop since {@code bounded-drain}: the history budget is checked after every evaluation, not
   * only once the queue is empty (batches arriving faster than they are evaluated grew one run past
   * 45,000 events), queued batches are carried into the next run, and a backlog is evaluated once
   * over its newest window instead of once per stale batch.
   */
  private void runBounded(ScalingLoopInput input) {
    // one timer per run (an await with a timeout would start one per wait)
    if (Workflow.getVersion("hourly-hand-over", Workflow.DEFAULT_VERSION, 1) == 1) {
      aged = Workflow.newTimer(RUN_AGE_LIMIT);
    }
    while (true) {
      Look look = lookTimer();
      Workflow.await(
          () -> state.hasPending() || floorArrived || isAged() || (look != null && look.due()));
      boolean lookDue = look != null && look.due();
      if (look != null && !lookDue) {
        // a report (or a floor, or the hand-over) came first: the look waits for the next wait
        look.scope().cancel();
      }
      if (floorArrived && Workflow.getVersion("planned-floor", Workflow.DEFAULT_VERSION, 1) == 1) {
        // a planned event's floor acts now, 45 minutes ahead, not at the next batch
        floorArrived = false;
        String events = String.join(",", state.plannedFloor().events());
        evaluate("planned:" + events, null, ScaleFlags.UNSET, 1);
        handOverWhenDue(input);
      }
      while (state.hasPending()) {
        ScalingLoopState.Next next = state.next(config, COALESCE_ABOVE);
        state = next.state();
        BatchReport b = next.batch();
        ScaleFlags asked = new ScaleFlags(b.enableUpScale(), b.enableDownScale());
        evaluate(b.batchId(), b.sampleWithRun(), asked, next.covered());
        handOverWhenDue(input);
      }
      if (lookDue && !state.hasPending()) {
        lookBetweenReports();
      }
      handOverWhenDue(input);
    }
  }

  /** A timer for the next look between reports, and the scope that cancels it. */
  private record Look(CancellationScope scope, Promise<Void> timer) {
    boolean due() {
      return timer.isCompleted();
    }
  }

  /**
   * From adaptive revision 10: a timer for when the report after the newest is overdue, or the next
   * look while it stays so ({@link AdaptiveScalingPolicy#nextOverdueLookMillis}); null when the
   * policy or the run does not look, or there is nothing to look for. Started only while waiting
   * and cancelled when a report comes first: two events a wait.
   */
  private Look lookTimer() {
    if (config.policyName() != PolicyName.ADAPTIVE) {
      return null;
    }
    if (decidedBy != null && decidedBy < AdaptiveScalingPolicy.OVERDUE_REVISION) {
      return null; // a run deciding by earlier rules keeps them
    }
    Long at = AdaptiveScalingPolicy.nextOverdueLookMillis(config, state.memory(), state.lastLook());
    // only the new marker here: the revision's older ones are first asked at an evaluation
    if (at == null || !Deciding.looksBetweenReports()) {
      return null;
    }
    if (takenInAtMillis != null) {
      // timed on the driver's clock, but never sooner after a report than it takes to be overdue
      // on this one: a driver's clock minutes behind would otherwise look after every report
      at = Math.max(at, takenInAtMillis + AdaptiveScalingPolicy.overdueAfterMillis(config));
    }
    Duration wait = Duration.ofMillis(Math.max(1_000, at - Workflow.currentTimeMillis()));
    List<Promise<Void>> timer = new java.util.ArrayList<>(1);
    // the cancellation read here: a cancelled timer nobody reads is a warning with a stack trace in
    // the worker's log each time the instance closes
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> timer.add(Workflow.newTimer(wait).handle((fired, cancelled) -> null)));
    scope.run();
    return new Look(scope, timer.get(0));
  }

  /**
   * A look between reports while the next is overdue (adaptive revision 10): the fleet, the master
   * and the WAL observed as for a batch, then Σ of Kafka's latest offsets, decided on, acted on and
   * recorded under {@code overdue@<millis>}. Nothing is decided when something cannot be observed,
   * when Kafka does not answer (said in the log; the next look is a trigger later), or when the
   * master runs no application of the tenant: a driver down is the supervisor's to restart, and
   * what piles up meanwhile is sized when its batches report. Nor when the newest report ended
   * before a migration switched the tenant's Kafka cluster: its end offsets are the old cluster's.
   */
  private void lookBetweenReports() {
    long now = Workflow.currentTimeMillis();
    state = state.looked(now);
    if (Deciding.adaptiveRevision() < AdaptiveScalingPolicy.OVERDUE_REVISION) {
      // a run that started deciding by earlier rules keeps them
      return;
    }
    if (state.window().isEmpty()) {
      // a migration's cut-over emptied the window while the timer ran: nothing to look from
      return;
    }
    TenantRequest tenant = new TenantRequest(state.tenant());
    Observer.Observed seen = observer.observe(tenant);
    if (seen.problem() != null || (seen.master() != null && seen.master().grantedCores() == null)) {
      return;
    }
    KafkaEnds ends;
    try {
      ends = activities.readLatestOffsets(tenant);
    } catch (ActivityFailure e) {
      log.warn(
          "tenant {}: a batch report is overdue and Kafka's latest offsets could not be read: {}",
          state.tenant(),
          LogwiseFailures.rootMessage(e));
      return;
    }
    if (!AdaptiveScalingPolicy.offsetsComparable(
            state.memory(), ends.switchedAtMillis(), takenInAtMillis, takenInCompletionMillis)
        && Workflow.getVersion(LOOK_AFTER_SWITCH, Workflow.DEFAULT_VERSION, 1) == 1) {
      log.info(
          "tenant {}: a batch report is overdue, but the newest read the Kafka cluster a migration"
              + " switched away from; nothing compared until the new cluster's first report",
          state.tenant());
      return;
    }
    actAndRecord(
        "overdue@" + now,
        Deciding.overdue(state, config, seen, now, bootTimeoutMillis, ends.latestOffsetSum()),
        seen,
        now,
        0);
  }

  private boolean isAged() {
    return aged != null && aged.isCompleted();
  }

  /** Continues as new, carrying the state, when the history is long or the run is old. */
  private void handOverWhenDue(ScalingLoopInput input) {
    if (!HistoryBudget.isLong(maxEvents) && !isAged()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    state = state.carrying(config, CARRIED_PENDING);
    Workflow.continueAsNew(
        new ScalingLoopInput(
            state.tenant(),
            config,
            dryRun,
            bootTimeoutMillis / 1000,
            input.maxHistoryEvents(),
            state));
  }

  /**
   * Acted on at once (the fleet is raised to it) and held by every evaluation until its end; value
   * 0 lifts it.
   */
  @Override
  public void plannedFloor(PlannedFloor next) {
    if (next == null) {
      return;
    }
    state = state.withFloor(next);
    floorArrived = next.value() > 0;
  }

  /**
   * A migration's cut-over switched the tenant's Kafka cluster: every report held or queued now
   * read the old one, so the window empties, and later reports of their runs stay out of it ({@link
   * ScalingLoopState#kafkaSwitched}).
   */
  @Override
  public void kafkaSwitched(io.logwise.workflows.spark.KafkaSwitched switched) {
    if (switched == null
        || Workflow.getVersion("kafka-switch-clears-window", Workflow.DEFAULT_VERSION, 1) != 1) {
      return;
    }
    int held = state.window().size();
    state = state.kafkaSwitched(switched.atMillis());
    log.info(
        "tenant {}: migration {} switched the Kafka cluster; the {} report(s) of the old one left"
            + " the window, and reports of its runs {} stay out",
        state.tenant(),
        switched.migrationId(),
        held,
        state.kafkaSwitch().oldRuns());
  }

  @Override
  public void batches(List<BatchReport> reports) {
    if (reports != null) {
      state = state.receivedAll(reports);
    }
  }

  @Override
  public void batch(BatchReport report) {
    state = state.received(report);
  }

  @Override
  public void configure(ScalingLoopSettings settings) {
    if (settings == null) {
      return;
    }
    if (config == null) {
      pendingSettings = settings;
      return;
    }
    if (settings.config() != null) {
      config = settings.config();
    }
    if (settings.dryRun() != null) {
      dryRun = settings.dryRun();
    }
  }

  @Override
  public void validateSetOverride(OverrideRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("an override request is required");
    }
    HistoryBudget.refuseWhenFull(maxEvents);
  }

  @Override
  public OverrideState setOverride(OverrideRequest request) {
    // an update can reach a run in its first task, before run() has read its input and override
    Workflow.await(() -> started);
    // two overrides in one task used to save at once: the database kept whichever write landed
    // last, the loop whichever answer it took last, and they could differ. Now one at a time, in
    // delivery order
    boolean inOrder = Workflow.getVersion("override-in-order", Workflow.DEFAULT_VERSION, 1) == 1;
    if (inOrder) {
      overrideLock.lock();
    }
    try {
      OverrideState saved =
          activities.saveOverride(
              new OverrideStateChange(
                  state.tenant(),
                  request.enableUpScale(),
                  request.enableDownScale(),
                  request.requestedBy()));
      state = state.withOverride(saved);
      return saved;
    } finally {
      if (inOrder) {
        overrideLock.unlock();
      }
    }
  }

  @Override
  public List<DecisionRecord> decisions() {
    return state.decisions();
  }

  @Override
  public ScalingLoopState state() {
    return state;
  }

  /**
   * One evaluation: of a new batch ({@code sample}), or, when {@code sample} is null, of what is
   * known already (a planned event's floor arrived), covering {@code batches} reports. Observe →
   * decide → act → record.
   */
  private void evaluate(String batchId, BatchSample sample, ScaleFlags request, int batches) {
    long now = Workflow.currentTimeMillis();
    state = state.counted();
    pruneNowAndThen();
    Observer.Observed seen = observer.observe(new TenantRequest(state.tenant()));
    if (sample != null) {
      // taken in with the cores the master grants the job now, as the batch ends: the listener's
      // count can still hold a stopped worker's executor (revision 8 measures on the fewer)
      Integer granted = seen.master() == null ? null : seen.master().grantedCores();
      state = state.takenIn(config, sample.withGrantedCores(granted));
      takenInAtMillis = now;
      takenInCompletionMillis = sample.completionTime();
    }
    if (seen.problem() != null) {
      ScalingEvaluation.Result blind = ScalingEvaluation.blind(seen.problem());
      record(batchId, blind.decision(), blind.inputs(), 0, "no change", now, batches);
      return;
    }
    ScalingEvaluation.Result r =
        Deciding.decide(state, config, seen, request, now, bootTimeoutMillis);
    // every marker the revision asks was asked by the decision just made
    decidedBy = Deciding.adaptiveRevision();
    actAndRecord(batchId, r, seen, now, batches);
  }

  /**
   * Acts on {@code r} under the key of {@code id}, moves the memory on by what acting did, and
   * records the decision: the end of an evaluation and of a look between reports.
   */
  private void actAndRecord(
      String id, ScalingEvaluation.Result r, Observer.Observed seen, long now, int batches) {
    int actual = r.inputs().actualWorkers();
    String key = DecisionRecord.key(state.tenant(), id);
    Acting.Acted acted =
        Acting.act(activities, state.tenant(), dryRun, r.decision(), actual, key, seen);
    state = state.withMemory(state.memory().acted(r.decision(), acted.changed(), now));
    record(id, r.decision(), r.inputs(), actual, acted.words(), now, batches);
  }

  private void pruneNowAndThen() {
    if (state.evaluations() % PRUNE_EVERY == 1
        && Workflow.getVersion("prune-batches", 1, 1) == 1) { // retired: runs that never pruned
      try {
        activities.pruneBatches(new TenantRequest(state.tenant()));
      } catch (ActivityFailure e) {
        log.warn(
            "tenant {}: pruning old batches failed: {}",
            state.tenant(),
            LogwiseFailures.rootMessage(e));
      }
    }
  }

  /** The decision kept, stored, and shown in the UI. */
  private void record(
      String batchId,
      ScalingDecision d,
      DecisionInputs inputs,
      int actual,
      String outcome,
      long now,
      int batches) {
    DecisionRecord r =
        DecisionRecord.of(
            state.tenant(), batchId, config.policy(), d, inputs, actual, outcome, now, batches);
    state = state.recorded(r);
    recorder.save(r);
    Workflow.setCurrentDetails(Recorder.details(r, outcome, state.evaluations(), dryRun));
  }
}
