package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.DecisionInputs;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.scaling.Sizing;

/**
 * One evaluation, acted on or not: what went in, what the policy said, what happened.
 *
 * @param why the reason as a code; {@code reason} in words
 * @param evidence what the evaluation looked at (stored as JSON in {@code scaling_decision.inputs})
 * @param sizing the rates behind a rate-based (adaptive) decision, or null
 * @param outcome what was done: {@code no change}, {@code dry run …}, {@code desired N}, …
 * @param batches how many batch reports this evaluation covers: 1, or more for a coalesced backlog
 *     (null in records from before backlogs were coalesced, meaning 1)
 */
public record DecisionRecord(
    String tenant,
    String decisionKey,
    String batchId,
    String policy,
    ScalingDecision.Action action,
    int actualWorkers,
    Integer expectedWorkers,
    int targetWorkers,
    ScalingDecision.Why why,
    String reason,
    DecisionInputs evidence,
    Sizing sizing,
    String outcome,
    long decidedAtMillis,
    Integer batches) {

  /** The key a decision is stored and acted under: one per tenant and batch. */
  static String key(String tenant, String batchId) {
    return tenant + "/" + batchId;
  }

  /**
   * The record of decision {@code d} on {@code actual} workers, which acting on made {@code
   * outcome}, covering {@code batches} reports (more than one: said in the outcome).
   */
  static DecisionRecord of(
      String tenant,
      String batchId,
      String policy,
      ScalingDecision d,
      DecisionInputs inputs,
      int actual,
      String outcome,
      long decidedAtMillis,
      int batches) {
    return new DecisionRecord(
        tenant,
        key(tenant, batchId),
        batchId,
        policy,
        d.action(),
        actual,
        d.expectedWorkers(),
        d.targetWorkers(),
        d.why(),
        d.reason(),
        inputs,
        d.sizing(),
        batches > 1 ? outcome + " (over " + batches + " queued batches)" : outcome,
        decidedAtMillis,
        batches);
  }
}
