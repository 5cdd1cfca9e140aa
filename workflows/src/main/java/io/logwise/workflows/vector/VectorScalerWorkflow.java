package io.logwise.workflows.vector;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code vector-scaler/<tenant>}: every minute (a workflow timer) observes Vector through
 * Prometheus, decides with {@code VectorPolicy} over the last 15 minutes, sets the instance count
 * on its fleet (an ASG or a Kubernetes Deployment; dry run decides only), and keeps the decisions.
 * A minute Prometheus cannot answer is a minute without metrics. Continues as new past its history
 * limit, carrying the window, the last action and the decisions. Reads are queries.
 */
@WorkflowInterface
public interface VectorScalerWorkflow {

  @WorkflowMethod
  void run(VectorScalerInput input);

  /** New rules and dry-run from configuration (sent on every worker start); used next minute. */
  @SignalMethod
  void configure(VectorScalerSettings settings);

  /**
   * A planned event's floor from {@code planned-events/<tenant>}: from the next minute Vector is
   * held at no fewer instances than it needs for the floor's load (from what its instances were
   * measured to carry, else the floor's value) until the floor ends; value 0 lifts it.
   */
  @SignalMethod
  void plannedFloor(io.logwise.workflows.planned.PlannedFloor floor);

  @QueryMethod
  VectorScalerState state();
}
