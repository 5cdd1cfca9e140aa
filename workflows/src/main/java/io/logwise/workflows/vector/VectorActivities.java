package io.logwise.workflows.vector;

import io.logwise.policy.vector.VectorPolicy;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.scaling.ScaleOutcome;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Vector's outside questions: its metrics (Prometheus), its fleet's size, and the scale. */
@ActivityInterface
public interface VectorActivities {

  /** This minute of Vector's metrics; a metric Prometheus could not answer is null. */
  @ActivityMethod
  VectorPolicy.Sample observeVector(TenantRequest request);

  /**
   * How many Vector instances the fleet has now (ASG desired, Deployment replicas), or -1 when the
   * fleet cannot say (type none).
   */
  @ActivityMethod
  int vectorInstances(TenantRequest request);

  /** Sets the fleet to {@code target} instances; repeating it is harmless. */
  @ActivityMethod
  ScaleOutcome scaleVector(ScaleVectorRequest request);

  /** Stores one minute's decision in the database (once per tenant and minute). */
  @ActivityMethod
  void recordVectorDecision(VectorDecisionRecord decision);

  /**
   * @param from the instances the decision saw
   */
  record ScaleVectorRequest(String tenant, int from, int target) {}
}
