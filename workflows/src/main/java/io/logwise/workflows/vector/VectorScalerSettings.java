package io.logwise.workflows.vector;

import io.logwise.policy.vector.VectorPolicy;

/** What configuration gives a running {@code vector-scaler}: its rules and whether it may act. */
public record VectorScalerSettings(VectorPolicy.Rules rules, Boolean dryRun) {}
