package io.logwise.workflows.scaling;

import io.logwise.workflows.TenantRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The scaling loop's eyes and hands: one activity per outside question — the fleet, the Spark
 * master, the WAL in the bucket, Kafka's latest offsets — then the fleet's change and the
 * database's records.
 */
@ActivityInterface
public interface ScalingActivities {

  /**
   * The fleet's size: ASG desired and InService, or Deployment replicas and ready. Read only;
   * {@code LogwiseUnavailable} when the fleet does not answer.
   */
  @ActivityMethod
  FleetSize observeFleetSize(TenantRequest request);

  /**
   * The master's alive workers, the worker running the tenant's driver and the others a scale-down
   * may remove (from {@code /json/}). Read only; {@code LogwiseUnavailable} when it does not
   * answer.
   */
  @ActivityMethod
  MasterView observeMaster(TenantRequest request);

  /**
   * The newest WAL file names under {@code <logs>/_spark_metadata/} (paged listing). Read only;
   * {@code LogwiseUnavailable} when the bucket does not answer.
   */
  @ActivityMethod
  WalFiles listWalFiles(TenantRequest request);

  /**
   * Σ of the latest offsets of the tenant's topics ({@code kafka.topicPattern}) on its current
   * cluster: beyond the newest batch's end offsets, what no finished batch has read. Asked only
   * while a batch report is overdue (adaptive revision 10). Read only; {@code LogwiseUnavailable}
   * when Kafka does not answer.
   */
  @ActivityMethod
  KafkaEnds readLatestOffsets(TenantRequest request);

  /**
   * Moves the fleet to {@code targetWorkers}. Upscale sets the ASG's desired capacity (clamped to
   * its min/max, never below the current desired) or the Deployment's replicas. Downscale on an ASG
   * terminates chosen non-driver workers (from the request's master view) one by one with decrement
   * (an instance already leaving is skipped); on Kubernetes it marks the driver's pod with the
   * highest deletion cost, then scales. Safe to repeat with the same key. Does what is safe and
   * says what it did not.
   */
  @ActivityMethod
  ScaleOutcome scaleFleet(ScaleFleetRequest request);

  /** Records one evaluation in {@code scaling_decision}; idempotent per decision key. */
  @ActivityMethod
  void recordDecision(DecisionRecord record);

  /** The override stored for the tenant (flags null when none). */
  @ActivityMethod
  OverrideState loadOverride(TenantRequest request);

  /**
   * Deletes the tenant's batch reports older than its {@code scaling.batchRetention}; returns how
   * many. Idempotent.
   */
  @ActivityMethod
  int pruneBatches(TenantRequest request);

  /** Stores the override (nulls clear). */
  @ActivityMethod
  OverrideState saveOverride(OverrideStateChange change);
}
