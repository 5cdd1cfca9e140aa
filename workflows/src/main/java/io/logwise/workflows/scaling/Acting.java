package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** The loop's act step: the decision carried to the fleet (or not), and what that did. */
final class Acting {

  private static final Logger log = Workflow.getLogger(Acting.class);

  private Acting() {}

  /** What acting on a decision did, as a type; {@code words} go into the decision's outcome. */
  enum ActKind {
    /** The decision was to change nothing. */
    NOTHING_TO_DO,
    /** A dry run: decided, not acted. */
    DRY_RUN,
    /** The fleet type (none) does not act. */
    FLEET_DOES_NOT_ACT,
    /** The fleet was scaled. */
    SCALED,
    /** The fleet answered and did not change (already there, or nothing it may remove). */
    UNCHANGED,
    /** The scaling activity failed. */
    FAILED
  }

  /** What acting did, and in words. */
  record Acted(ActKind kind, String words) {
    boolean changed() {
      return kind == ActKind.SCALED;
    }
  }

  /**
   * Carries {@code d} to the fleet {@code seen}; when the master could not be read (alive workers
   * came from the fleet) the words say so.
   */
  static Acted act(
      ScalingActivities activities,
      String tenant,
      boolean dryRun,
      ScalingDecision d,
      int actual,
      String key,
      Observer.Observed seen) {
    Acted acted = act(activities, tenant, dryRun, d, actual, key, seen.fleet(), seen.master());
    return seen.masterProblem() == null
        ? acted
        : new Acted(
            acted.kind(),
            acted.words() + " (the master could not be read: alive workers from the fleet)");
  }

  private static Acted act(
      ScalingActivities activities,
      String tenant,
      boolean dryRun,
      ScalingDecision d,
      int actual,
      String key,
      FleetObservation fleet,
      MasterView master) {
    if (d.action() == ScalingDecision.Action.NONE) {
      return new Acted(ActKind.NOTHING_TO_DO, "no change");
    }
    if (dryRun) {
      return new Acted(
          ActKind.DRY_RUN, "dry run: would go from " + actual + " to " + d.targetWorkers());
    }
    if (!fleet.fleetType().acts()) {
      return new Acted(ActKind.FLEET_DOES_NOT_ACT, "fleet type none: decided, not acted");
    }
    try {
      ScaleOutcome o =
          activities.scaleFleet(
              new ScaleFleetRequest(tenant, key, actual, d.targetWorkers(), master));
      String message = o.message() == null ? "" : ": " + o.message();
      return o.changed()
          ? new Acted(ActKind.SCALED, "desired " + o.desired() + message)
          : new Acted(ActKind.UNCHANGED, "unchanged" + message);
    } catch (ActivityFailure e) {
      log.warn(
          "tenant {}: scaling to {} failed: {}",
          tenant,
          d.targetWorkers(),
          LogwiseFailures.rootMessage(e));
      return new Acted(ActKind.FAILED, "failed: " + LogwiseFailures.rootMessage(e));
    }
  }
}
