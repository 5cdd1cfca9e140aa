package io.logwise.workflows.scaling;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The scaling loop's eyes and hands: fleet, master, bucket and database. */
@ActivityInterface
public interface ScalingActivities {

  /**
   * Reads the fleet's size (ASG desired and InService, or Deployment replicas and ready), the
   * master's alive workers and the driver's worker, and the newest WAL file names (paged listing).
   * Read only; {@code LogwiseUnavailable} when something does not answer.
   */
  @ActivityMethod
  FleetObservation observeFleet(String tenant);

  /**
   * Moves the fleet to {@code targetWorkers}. Upscale sets the ASG's desired capacity (clamped to
   * its min/max, never below the current desired) or the Deployment's replicas. Downscale on an ASG
   * terminates chosen non-driver workers one by one with decrement (an instance already leaving is
   * skipped); on Kubernetes it marks the driver's pod with the highest deletion cost, then scales.
   * Safe to repeat with the same key. Does what is safe and says what it did not.
   */
  @ActivityMethod
  ScaleOutcome scaleFleet(ScaleFleetRequest request);

  /** Records one evaluation in {@code scaling_decision}; idempotent per decision key. */
  @ActivityMethod
  void recordDecision(DecisionRecord record);

  /** The override stored for the tenant (flags null when none). */
  @ActivityMethod
  OverrideState loadOverride(String tenant);

  /**
   * Deletes the tenant's batch reports older than its {@code scaling.batchRetention}; returns how
   * many. Idempotent.
   */
  @ActivityMethod
  int pruneBatches(String tenant);

  /** Stores the override (nulls clear). */
  @ActivityMethod
  OverrideState saveOverride(OverrideStateChange change);
}
