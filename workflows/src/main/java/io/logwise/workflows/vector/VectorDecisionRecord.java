package io.logwise.workflows.vector;

import io.logwise.policy.vector.VectorPolicy;

/**
 * One minute's decision: what it looked at, what the policy said, what was done.
 *
 * @param sample the newest minute of metrics (null fields were not measured)
 * @param outcome {@code no change}, {@code dry run: …}, {@code instances N}, or why acting failed
 */
public record VectorDecisionRecord(
    String tenant,
    long decidedAtMillis,
    VectorPolicy.Sample sample,
    int currentInstances,
    int targetInstances,
    VectorPolicy.Why why,
    String reason,
    String outcome) {}
