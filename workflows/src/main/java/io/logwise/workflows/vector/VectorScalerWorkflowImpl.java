package io.logwise.workflows.vector;

import io.logwise.policy.vector.VectorPolicy;
import io.logwise.workflows.ActivityStubs;
import io.logwise.workflows.HistoryBudget;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.scaling.ScaleOutcome;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** Implementation of {@link VectorScalerWorkflow}: each minute, observe → decide → act → keep. */
public class VectorScalerWorkflowImpl implements VectorScalerWorkflow {

  private static final Logger log = Workflow.getLogger(VectorScalerWorkflowImpl.class);
  private static final int KEPT_DECISIONS = 50;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final VectorActivities activities =
      ActivityStubs.of(
          VectorActivities.class,
          ActivityStubs.options(Duration.ofSeconds(30), null, 3, "observe Vector"),
          Map.of(
              "ScaleVector",
              ActivityStubs.options(Duration.ofSeconds(60), null, 5, "scale Vector"),
              "RecordVectorDecision",
              ActivityStubs.options(Duration.ofSeconds(30), null, 10, "record")));

  private String tenant;
  private VectorPolicy.Rules rules;
  private boolean dryRun;
  // signal-with-start delivers configure before run() has read its input
  private VectorScalerSettings pendingSettings;
  private final List<VectorPolicy.Sample> window = new ArrayList<>();
  private final List<VectorDecisionRecord> decisions = new ArrayList<>();
  private long lastActionAtMillis;
  private long minutes;
  private io.logwise.workflows.planned.PlannedFloor floor;
  // the instances the floor was sized to, once, from the window when it arrived: sized again
  // every minute it would follow its own effect (more instances, lower CPU per instance)
  private int floorInstances;
  // the last reason Vector's metrics could not be read, logged once until it changes
  private String observeProblem;
  private String recordProblem;

  @Override
  public void run(VectorScalerInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    tenant = input.tenant();
    rules = input.rules() == null ? VectorPolicy.Rules.DEFAULTS : input.rules();
    List<String> problems = rules.problems();
    if (!problems.isEmpty()) {
      throw LogwiseFailures.invalidInput(String.join("; ", problems));
    }
    dryRun = Boolean.TRUE.equals(input.dryRun());
    if (pendingSettings != null) {
      configure(pendingSettings);
      pendingSettings = null;
    }
    int maxEvents = input.maxHistoryEvents() == null ? 2000 : input.maxHistoryEvents();
    if (input.carriedOver() != null) {
      window.addAll(input.carriedOver().window());
      decisions.addAll(input.carriedOver().decisions());
      lastActionAtMillis = input.carriedOver().lastActionAtMillis();
      minutes = input.carriedOver().minutes();
      if (floor == null) {
        floor = input.carriedOver().plannedFloor();
        floorInstances = input.carriedOver().plannedInstances();
      }
    }
    while (true) {
      minute();
      Workflow.await(MINUTE, () -> HistoryBudget.isLong(maxEvents));
      if (HistoryBudget.isLong(maxEvents)) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(
            new VectorScalerInput(tenant, rules, dryRun, input.maxHistoryEvents(), state()));
      }
    }
  }

  @Override
  public void configure(VectorScalerSettings settings) {
    if (settings == null) {
      return;
    }
    if (tenant == null) {
      pendingSettings = settings;
      return;
    }
    if (settings.rules() != null) {
      List<String> problems = settings.rules().problems();
      if (problems.isEmpty()) {
        rules = settings.rules();
      } else {
        log.warn("tenant {}: ignoring Vector rules: {}", tenant, String.join("; ", problems));
      }
    }
    if (settings.dryRun() != null) {
      dryRun = settings.dryRun();
    }
  }

  /**
   * From the next minute Vector is held at no fewer instances than it needs for the floor's load
   * (from what its instances were measured to carry, else the floor's value) until the floor ends;
   * value 0 lifts it.
   */
  @Override
  public void plannedFloor(io.logwise.workflows.planned.PlannedFloor next) {
    if (next != null) {
      floor = next;
      floorInstances = 0;
    }
  }

  /** The instances a planned event holds Vector at now, or 0. */
  private int heldAt(long now) {
    if (io.logwise.workflows.planned.PlannedFloor.at(floor, now) == 0) {
      return 0;
    }
    if (floorInstances == 0) {
      Double measured = io.logwise.policy.planned.PlannedEvents.measuredPerInstance(window, rules);
      floorInstances =
          measured == null
              ? floor.value()
              : (int) Math.ceil(floor.plannedLogsPerSecond() / measured);
      log.info(
          "tenant {}: {} holds Vector at {} instances ({})",
          tenant,
          floor.describe(),
          floorInstances,
          measured == null
              ? "the configured capacity per instance; none measured yet"
              : String.format("%.0f logs/s per instance as measured", measured));
    }
    return floorInstances;
  }

  private void minute() {
    int kept = Math.max(rules.highMinutes(), rules.lowMinutes());
    long now = Workflow.currentTimeMillis();
    minutes++;
    TenantRequest t = new TenantRequest(tenant);
    VectorPolicy.Sample sample;
    try {
      sample = activities.observeVector(t);
      if (observeProblem != null) {
        log.info("tenant {}: Vector's metrics are read again", tenant);
        observeProblem = null;
      }
    } catch (ActivityFailure e) {
      // Prometheus away: a minute without metrics, neither high nor low
      sample = new VectorPolicy.Sample(now, null, null, null, null, null);
      String why = LogwiseFailures.rootMessage(e);
      if (!why.equals(observeProblem)) { // once per outage, not once a minute
        log.warn("tenant {}: Vector's metrics not read: {}", tenant, why);
        observeProblem = why;
      }
    }
    window.add(sample);
    while (window.size() > kept) {
      window.remove(0);
    }
    int current;
    try {
      current = activities.vectorInstances(t);
    } catch (ActivityFailure e) {
      keep(
          now,
          sample,
          0,
          0,
          VectorPolicy.Why.NO_METRICS,
          "cannot read the fleet: " + LogwiseFailures.rootMessage(e),
          "no change");
      return;
    }
    if (current < 0) { // no fleet to ask (type none): as many as Prometheus has series of
      current = sample.instances() != null ? sample.instances() : rules.minInstances();
    }
    VectorPolicy.Decision d =
        VectorPolicy.decide(window, current, heldAt(now), lastActionAtMillis, now, rules);
    String outcome = "no change";
    if (d.changes()) {
      if (dryRun) {
        outcome = "dry run: would go from " + current + " to " + d.targetInstances();
      } else {
        try {
          ScaleOutcome o =
              activities.scaleVector(
                  new VectorActivities.ScaleVectorRequest(tenant, current, d.targetInstances()));
          lastActionAtMillis = now;
          outcome =
              (o.changed() ? "instances " + o.desired() : "unchanged")
                  + (o.message() == null ? "" : ": " + o.message());
        } catch (ActivityFailure e) {
          outcome = "failed: " + LogwiseFailures.rootMessage(e);
        }
      }
      log.info(
          "tenant {}: Vector {} -> {}: {} ({})",
          tenant,
          current,
          d.targetInstances(),
          d.reason(),
          outcome);
    }
    keep(now, sample, current, d.targetInstances(), d.why(), d.reason(), outcome);
  }

  private void keep(
      long now,
      VectorPolicy.Sample sample,
      int current,
      int target,
      VectorPolicy.Why why,
      String reason,
      String outcome) {
    decisions.add(
        new VectorDecisionRecord(tenant, now, sample, current, target, why, reason, outcome));
    while (decisions.size() > KEPT_DECISIONS) {
      decisions.remove(0);
    }
    if (Workflow.getVersion("decisions-in-db", Workflow.DEFAULT_VERSION, 1) == 1) {
      try {
        activities.recordVectorDecision(decisions.get(decisions.size() - 1));
        recordProblem = null;
      } catch (ActivityFailure e) {
        String problem = LogwiseFailures.rootMessage(e);
        if (!problem.equals(recordProblem)) {
          log.warn("tenant {}: Vector decision not recorded in the database: {}", tenant, problem);
          recordProblem = problem;
        }
      }
    }
    Workflow.setCurrentDetails(
        "**Vector scaler** for `"
            + tenant
            + "`\n\n- last: "
            + why
            + " "
            + current
            + " → "
            + target
            + " ("
            + reason
            + ")\n- outcome: "
            + outcome
            + "\n- minutes: "
            + minutes);
  }

  @Override
  public VectorScalerState state() {
    return new VectorScalerState(
        tenant, window, lastActionAtMillis, decisions, minutes, floor, floorInstances);
  }
}
