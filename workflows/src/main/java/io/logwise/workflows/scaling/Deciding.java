package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.AdaptiveScalingPolicy;
import io.logwise.policy.scaling.FleetView;
import io.logwise.policy.scaling.ScaleFlags;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingEvaluation;
import io.logwise.workflows.planned.PlannedFloor;
import io.temporal.workflow.Workflow;

/**
 * The loop's decide step: what was observed and what the loop keeps, put to {@link
 * ScalingEvaluation#evaluate} (the one pure step the simulator and what-if run too), with the rules
 * this run decides by. Runs in the workflow's thread.
 */
final class Deciding {

  private Deciding() {}

  /** The final decision on what was observed: nothing edits it afterwards. */
  static ScalingEvaluation.Result decide(
      ScalingLoopState state,
      ScalingConfig config,
      Observer.Observed seen,
      ScaleFlags request,
      long now,
      long bootTimeoutMillis) {
    return ScalingEvaluation.evaluate(
        state.memory(), context(state, config, seen, request, now, bootTimeoutMillis));
  }

  /**
   * A look between reports while the next is overdue (adaptive revision 10): what was observed and
   * Σ of Kafka's latest offsets, put to {@link ScalingEvaluation#overdue}.
   */
  static ScalingEvaluation.Result overdue(
      ScalingLoopState state,
      ScalingConfig config,
      Observer.Observed seen,
      long now,
      long bootTimeoutMillis,
      long latestOffsetSum) {
    return ScalingEvaluation.overdue(
        state.memory(),
        context(state, config, seen, ScaleFlags.UNSET, now, bootTimeoutMillis),
        latestOffsetSum);
  }

  private static ScalingEvaluation.Context context(
      ScalingLoopState state,
      ScalingConfig config,
      Observer.Observed seen,
      ScaleFlags request,
      long now,
      long bootTimeoutMillis) {
    FleetObservation fleet = seen.fleet();
    OverrideState override = state.override();
    return new ScalingEvaluation.Context(
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
        floorAt(state.plannedFloor(), now));
  }

  /**
   * Whether this run looks between reports while one is overdue (adaptive revision 10, from {@code
   * adaptive-overdue-look}); runs from before keep deciding only when a batch ends.
   */
  static boolean looksBetweenReports() {
    return Workflow.getVersion(OVERDUE_LOOK, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  private static final String OVERDUE_LOOK = "adaptive-overdue-look";

  /** The floor a planned event holds at {@code now}, for the evaluation. */
  private static ScalingEvaluation.Floor floorAt(PlannedFloor floor, long now) {
    int held = PlannedFloor.at(floor, now);
    return held > 0
        ? new ScalingEvaluation.Floor(held, floor.describe())
        : ScalingEvaluation.Floor.NONE;
  }

  /**
   * The adaptive rules this run decides with: runs that decided with earlier rules keep them when
   * replayed (revision 3, noise absorbed by the SLO's backlog, from {@code adaptive-noise-rules};
   * revision 4, a surge measured against the window's own noise, from {@code adaptive-band-rules};
   * revision 5, a query run's first batch not measured, from {@code adaptive-restart-rules};
   * revision 6, a backlog drained within what the freshness SLO leaves and a fleet twice the need
   * released without the window, from {@code adaptive-slo-rules}; revision 7, a batch whose cores
   * differ from the one before it not measured, from {@code adaptive-changed-cores}; revision 8, a
   * batch's cores the fewer of those reported and those the master granted, and the rate last
   * measured kept for a window that measures none, from {@code adaptive-granted-cores}; revision 9,
   * a batch measured only when busy for twice the batch overhead, a rate well below the one
   * remembered kept out unless as busy, and the next report timed on the cores granted, from {@code
   * adaptive-overhead-jitter}; revision 10, a look between reports while one is overdue, from
   * {@code adaptive-overdue-look}; revision 11, a fall followed in one step once it levels and a
   * surge's fleet not released in part on its plateau, from {@code adaptive-fall-rules}).
   */
  static int adaptiveRevision() {
    if (Workflow.getVersion("adaptive-surge-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.FIRST_REVISION;
    }
    if (Workflow.getVersion("adaptive-noise-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.SURGE_REVISION;
    }
    if (Workflow.getVersion("adaptive-band-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.NOISE_REVISION;
    }
    if (Workflow.getVersion("adaptive-restart-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.BAND_REVISION;
    }
    if (Workflow.getVersion("adaptive-slo-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.RESTART_REVISION;
    }
    if (Workflow.getVersion("adaptive-changed-cores", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.SLO_REVISION;
    }
    if (Workflow.getVersion("adaptive-granted-cores", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.CHANGED_CORES_REVISION;
    }
    if (Workflow.getVersion("adaptive-overhead-jitter", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return AdaptiveScalingPolicy.GRANTED_CORES_REVISION;
    }
    if (!looksBetweenReports()) {
      return AdaptiveScalingPolicy.OVERHEAD_JITTER_REVISION;
    }
    return Workflow.getVersion(FALL_RULES, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
        ? AdaptiveScalingPolicy.OVERDUE_REVISION
        : AdaptiveScalingPolicy.FALL_REVISION;
  }

  private static final String FALL_RULES = "adaptive-fall-rules";
}
