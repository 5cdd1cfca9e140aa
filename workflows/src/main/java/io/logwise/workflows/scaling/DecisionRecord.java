package io.logwise.workflows.scaling;

/**
 * One evaluation, acted on or not: what went in, what the policy said, what happened.
 *
 * @param inputs a compact description of the inputs (batches, WAL, flags, fleet)
 * @param outcome what was done: {@code no change}, {@code dry run …}, {@code desired N}, …
 */
public record DecisionRecord(
    String tenant,
    String decisionKey,
    String batchId,
    String policy,
    String action,
    int actualWorkers,
    Integer expectedWorkers,
    int targetWorkers,
    String reason,
    String inputs,
    String outcome,
    long decidedAtMillis) {}
