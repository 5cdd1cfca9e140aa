package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.AdaptiveScalingPolicy;
import io.logwise.policy.scaling.FleetView;
import io.logwise.policy.scaling.ScaleFlags;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.scaling.ScalingEvaluation;
import io.logwise.policy.scaling.ScalingMemory;
import io.logwise.workflows.ActivityStubs;
import io.logwise.workflows.HistoryBudget;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.TenantRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** Implementation of {@link ScalingLoopWorkflow}: per batch, observe → decide → act → record. */
public class ScalingLoopWorkflowImpl implements ScalingLoopWorkflow {

  private static final Logger log = Workflow.getLogger(ScalingLoopWorkflowImpl.class);

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

  private static final int KEPT_DECISIONS = 50;
  private static final int KEPT_IDS = 500;
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
              // a scale is a few quick calls; a dead worker's attempt is retried after this
              "ScaleFleet",
              ActivityStubs.options(Duration.ofSeconds(60), null, 5, "scale fleet")));

  private final Observer observer = new Observer(activities);
  private final Deque<BatchReport> pending = new ArrayDeque<>();
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();
  private final List<DecisionRecord> decisions = new ArrayList<>();
  private ScalingMemory memory = ScalingMemory.EMPTY;
  private String tenant;
  private ScalingConfig config;
  private boolean dryRun;
  private long bootTimeoutMillis;
  private OverrideState override;
  private long evaluations;
  // batches folded into the window at a hand-over, to be counted by the next decision
  private int folded;
  private int maxEvents = 2000;
  // signal-with-start delivers configure before run() has read its input
  private ScalingLoopSettings pendingSettings;
  // a planned event's floor (planned-events/<tenant>), held until its untilMillis
  private io.logwise.workflows.planned.PlannedFloor floor;
  private boolean floorArrived;
  // run() has read its input, the carried-over state and the stored override
  private boolean started;
  // what kept the last decision out of the database, logged once until it changes (not replayed)
  private String recordProblem;

  @Override
  public void run(ScalingLoopInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    tenant = input.tenant();
    // a ScalingConfig names a known policy or is not made (its constructor refuses the rest)
    config = input.config() == null ? ScalingConfig.REFERENCE : input.config();
    dryRun = Boolean.TRUE.equals(input.dryRun());
    bootTimeoutMillis =
        (input.bootTimeoutSeconds() == null ? 600 : input.bootTimeoutSeconds()) * 1000;
    ScalingLoopState carried = input.carriedOver();
    if (carried != null) {
      memory = carried.memory();
      decisions.addAll(carried.decisions());
      seen.addAll(carried.seenBatchIds());
      override = carried.override();
      evaluations = carried.evaluations();
      pending.addAll(carried.pendingBatches());
      folded = carried.foldedBatches();
      if (floor == null) {
        floor = carried.plannedFloor();
      }
    } else {
      override = activities.loadOverride(new TenantRequest(tenant));
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
      Workflow.await(() -> !pending.isEmpty() || floorArrived || isAged());
      if (floorArrived && Workflow.getVersion("planned-floor", Workflow.DEFAULT_VERSION, 1) == 1) {
        // a planned event's floor acts now, 45 minutes ahead, not at the next batch
        floorArrived = false;
        evaluate("planned:" + String.join(",", floor.events()), null, ScaleFlags.UNSET, 1);
        handOverWhenDue(input);
      }
      while (!pending.isEmpty()) {
        evaluateQueue();
        handOverWhenDue(input);
      }
      handOverWhenDue(input);
    }
  }

  /** Fires when this run is {@link #RUN_AGE_LIMIT} old; null for runs from before it. */
  private Promise<Void> aged;

  private boolean isAged() {
    return aged != null && aged.isCompleted();
  }

  /** Continues as new when the history is long or the run is old (idle runs too). */
  private void handOverWhenDue(ScalingLoopInput input) {
    if (HistoryBudget.isLong(maxEvents) || isAged()) {
      handOver(input);
    }
  }

  /** The next batch, or, when the queue is a backlog, all of it at once. */
  private void evaluateQueue() {
    int covered = 1 + folded;
    if (pending.size() > COALESCE_ABOVE) {
      covered += pending.size() - 1;
      while (pending.size() > 1) {
        memory = memory.withBatch(config, pending.poll().sample());
      }
    }
    folded = 0;
    evaluate(pending.poll(), covered);
  }

  private void handOver(ScalingLoopInput input) {
    Workflow.await(Workflow::isEveryHandlerFinished);
    while (pending.size() > CARRIED_PENDING) {
      memory = memory.withBatch(config, pending.poll().sample());
      folded++;
    }
    Workflow.continueAsNew(
        new ScalingLoopInput(
            tenant, config, dryRun, bootTimeoutMillis / 1000, input.maxHistoryEvents(), state()));
  }

  /**
   * Acted on at once (the fleet is raised to it) and held by every evaluation until its end; value
   * 0 lifts it.
   */
  @Override
  public void plannedFloor(io.logwise.workflows.planned.PlannedFloor next) {
    if (next == null) {
      return;
    }
    floor = next;
    floorArrived = next.value() > 0;
  }

  @Override
  public void batches(List<BatchReport> reports) {
    if (reports != null) {
      reports.forEach(this::batch);
    }
  }

  @Override
  public void batch(BatchReport report) {
    if (report == null || report.batchId() == null || !seen.add(report.batchId())) {
      return;
    }
    while (seen.size() > KEPT_IDS) {
      seen.remove(seen.iterator().next());
    }
    pending.add(report);
  }

  @Override
  public void configure(ScalingLoopSettings settings) {
    if (settings == null) {
      return;
    }
    if (tenant == null) {
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
                  tenant,
                  request.enableUpScale(),
                  request.enableDownScale(),
                  request.requestedBy()));
      override = saved;
      return saved;
    } finally {
      if (inOrder) {
        overrideLock.unlock();
      }
    }
  }

  private final io.temporal.workflow.WorkflowLock overrideLock = Workflow.newWorkflowLock();

  @Override
  public List<DecisionRecord> decisions() {
    return List.copyOf(decisions);
  }

  @Override
  public ScalingLoopState state() {
    return new ScalingLoopState(
        tenant,
        memory.window(),
        decisions,
        override,
        new ArrayList<>(seen),
        memory.lastScaleUpAtMillis(),
        evaluations,
        memory.lastChangeAtMillis(),
        memory.adaptive(),
        new ArrayList<>(pending),
        folded,
        floor);
  }

  /** One evaluation covering {@code batches} reports: observe → decide → act → record. */
  private void evaluate(BatchReport b, int batches) {
    evaluate(
        b.batchId(), b.sample(), new ScaleFlags(b.enableUpScale(), b.enableDownScale()), batches);
  }

  /**
   * One evaluation: of a new batch ({@code sample}), or, when {@code sample} is null, of what is
   * known already (a planned event's floor arrived). Observe → decide → act → record.
   */
  private void evaluate(
      String batchId,
      io.logwise.policy.scaling.BatchSample sample,
      ScaleFlags request,
      int batches) {
    long now = Workflow.currentTimeMillis();
    evaluations++;
    pruneNowAndThen();
    if (sample != null) {
      memory = memory.withBatch(config, sample);
    }
    String key = tenant + "/" + batchId;
    Observer.Observed seen = observer.observe(new TenantRequest(tenant));
    if (seen.problem() != null) {
      ScalingDecision blind =
          ScalingDecision.noChange(0, null, ScalingDecision.Why.CANNOT_OBSERVE, seen.problem());
      record(key, batchId, blind, null, 0, "no change", now, batches);
      return;
    }
    ScalingEvaluation.Result r = decide(seen, request, now);
    Acting.Acted acted =
        Acting.act(
            activities,
            tenant,
            dryRun,
            r.decision(),
            r.inputs().actualWorkers(),
            key,
            seen.fleet(),
            seen.master());
    memory = memory.acted(r.decision(), acted.changed(), now);
    String outcome =
        seen.masterProblem() == null
            ? acted.words()
            : acted.words() + " (the master could not be read: alive workers from the fleet)";
    int actual = r.inputs().actualWorkers();
    record(key, batchId, r.decision(), r.inputs(), actual, outcome, now, batches);
  }

  /** The final decision on what was observed: the one pure step the simulator runs too. */
  private ScalingEvaluation.Result decide(Observer.Observed seen, ScaleFlags request, long now) {
    FleetObservation fleet = seen.fleet();
    return ScalingEvaluation.evaluate(
        memory,
        new ScalingEvaluation.Context(
            config,
            new FleetView(fleet.desired(), fleet.aliveWorkers(), fleet.ready()),
            fleet.walFiles(),
            request,
            override == null
                ? ScaleFlags.UNSET
                : new ScaleFlags(override.enableUpScale(), override.enableDownScale()),
            now,
            bootTimeoutMillis,
            adaptiveRevision(),
            seen.masterProblem(),
            plannedFloorAt(now)));
  }

  /** The floor a planned event holds at {@code now}, for the evaluation. */
  private ScalingEvaluation.Floor plannedFloorAt(long now) {
    int held = io.logwise.workflows.planned.PlannedFloor.at(floor, now);
    return held > 0
        ? new ScalingEvaluation.Floor(held, floor.describe())
        : ScalingEvaluation.Floor.NONE;
  }

  private void pruneNowAndThen() {
    if (evaluations % PRUNE_EVERY == 1
        && Workflow.getVersion("prune-batches", 1, 1) == 1) { // retired: runs that never pruned
      try {
        activities.pruneBatches(new TenantRequest(tenant));
      } catch (ActivityFailure e) {
        log.warn(
            "tenant {}: pruning old batches failed: {}", tenant, LogwiseFailures.rootMessage(e));
      }
    }
  }

  private void record(
      String key,
      String batchId,
      ScalingDecision d,
      io.logwise.policy.scaling.DecisionInputs inputs,
      int actual,
      String outcome,
      long now,
      int batches) {
    DecisionRecord r =
        new DecisionRecord(
            tenant,
            key,
            batchId,
            config.policy(),
            d.action(),
            actual,
            d.expectedWorkers(),
            d.targetWorkers(),
            d.why(),
            d.reason(),
            inputs,
            d.sizing(),
            batches > 1 ? outcome + " (over " + batches + " queued batches)" : outcome,
            now,
            batches);
    decisions.add(r);
    while (decisions.size() > KEPT_DECISIONS) {
      decisions.remove(0);
    }
    try {
      activities.recordDecision(r);
      if (recordProblem != null) {
        log.info("tenant {}: decisions are recorded in the database again", tenant);
        recordProblem = null;
      }
    } catch (ActivityFailure e) {
      String why = LogwiseFailures.rootMessage(e);
      if (!why.equals(recordProblem)) { // once per outage, not once per decision
        log.warn("tenant {}: decision not recorded in the database: {}", tenant, why);
        recordProblem = why;
      }
    }
    Workflow.setCurrentDetails(details(d, actual, outcome));
  }

  /** The UI's current details: the last decision and what acting did. */
  private String details(ScalingDecision d, int actual, String outcome) {
    return "**Scaling loop** for `"
        + tenant
        + "`\n\n- last: "
        + d.action()
        + " "
        + actual
        + " → "
        + d.targetWorkers()
        + " ("
        + d.reason()
        + ")\n- outcome: "
        + outcome
        + "\n- evaluations: "
        + evaluations
        + (dryRun ? "\n- **dry run**" : "");
  }

  /**
   * The adaptive rules this run decides with: runs that decided with earlier rules keep them when
   * replayed (revision 3, noise absorbed by the SLO's backlog, from {@code adaptive-noise-rules}).
   */
  private static int adaptiveRevision() {
    if (Workflow.getVersion("adaptive-surge-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.FIRST_REVISION;
    }
    return Workflow.getVersion("adaptive-noise-rules", Workflow.DEFAULT_VERSION, 1) == 1
        ? AdaptiveScalingPolicy.NOISE_REVISION
        : AdaptiveScalingPolicy.SURGE_REVISION;
  }
}
