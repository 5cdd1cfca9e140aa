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
public interface VectorScalerWorkflow extends io.logwise.workflows.planned.PlannedFloorReceiver {

  @WorkflowMethod
  void run(VectorScalerInput input);

  /** New rules and dry-run from configuration (sent on every worker start); used next minute. */
  @SignalMethod
  void configure(VectorScalerSettings settings);

  @QueryMethod
  VectorScalerState state();
}
