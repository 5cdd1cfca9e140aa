package io.logwise.workflows.planned;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code planned-events/<tenant>}: keeps the tenant's planned events and, on a workflow timer,
 * holds the pipeline up for them — from {@code leadTime} before an event starts until it ends,
 * Vector instances, Spark workers and Kafka partitions sized for 150 % of the largest expected peak
 * among the events holding (a {@link PlannedFloor} signal to each part). When the last event ends
 * the floors are cleared and each part's own rules bring capacity down step by step. Events live in
 * the workflow (durable timers, carried across continue-as-new), never in process memory.
 */
@WorkflowInterface
public interface PlannedEventsWorkflow {

  @WorkflowMethod
  void run(PlannedEventsInput input);

  /** Plans an event; answers it with its plan. */
  @UpdateMethod
  PlannedEventView plan(PlannedEventRequest request);

  /**
   * Refuses an event in the past, longer than 7 days, with a bad field (each named), or with the
   * name of an event already planned; and any while a full run hands over.
   */
  @UpdateValidatorMethod(updateName = "plan")
  void validatePlan(PlannedEventRequest request);

  /** Cancels a planned event (its floors are lifted now if it held them); answers it. */
  @UpdateMethod
  PlannedEventView cancel(CancelEventRequest request);

  /** Refuses a name no event has. */
  @UpdateValidatorMethod(updateName = "cancel")
  void validateCancel(CancelEventRequest request);

  /** New knobs from configuration (sent on every worker start); the floors are sent again. */
  @SignalMethod
  void configure(PlannedEventsSettings settings);

  @QueryMethod
  PlannedEventsState state();
}
