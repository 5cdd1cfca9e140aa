package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.ScalingConfig;

/**
 * Input of the {@code configure} signal: the tenant's knobs from configuration; null = unchanged.
 */
public record ScalingLoopSettings(ScalingConfig config, Boolean dryRun) {}
