package io.logwise.workflows.scaling;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * {@code scaling-loop/<tenant>}: one evaluation per batch report. Each evaluation observes the
 * fleet and the master, decides with the tenant's {@code ScalingPolicy}, acts on the fleet (unless
 * dry-run or fleet type {@code none}), and records the decision with its inputs and reason. Workers
 * still booting after a scale-up (within the boot timeout) count as present, so a slow boot never
 * triggers a second upscale. Reports are de-duplicated by batch id. With the adaptive policy
 * (revision 10) a report overdue is looked at too: Kafka's latest offsets, for a scale-up only.
 */
@WorkflowInterface
public interface ScalingLoopWorkflow
    extends io.logwise.workflows.planned.PlannedFloorReceiver,
        io.logwise.workflows.spark.KafkaSwitchReceiver {

  @WorkflowMethod
  void run(ScalingLoopInput input);

  /** A batch report; ignored when its batch id was seen before. */
  @SignalMethod
  void batch(BatchReport report);

  /**
   * Several batch reports in one signal, oldest first, each as {@link #batch}: the API sends a
   * burst this way (one signal per tenant at most every 50 ms), since every signal is an event in
   * the history that the workflow cannot refuse.
   */
  @SignalMethod
  void batches(java.util.List<BatchReport> reports);

  /** New knobs from configuration (sent on every worker start); applied from the next batch. */
  @SignalMethod
  void configure(ScalingLoopSettings settings);

  /** Sets or clears (null) the override flags; persisted, then applied to the next evaluation. */
  @UpdateMethod
  OverrideState setOverride(OverrideRequest request);

  /** Refuses a missing request, and any while a full run hands over (the API sends it again). */
  @UpdateValidatorMethod(updateName = "setOverride")
  void validateSetOverride(OverrideRequest request);

  /** The last 50 decisions, newest last. */
  @QueryMethod
  List<DecisionRecord> decisions();

  @QueryMethod
  ScalingLoopState state();
}
