package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.ScalingConfig;

/**
 * Input of {@link ScalingLoopWorkflow}; {@code --input '{"tenant":"acme"}'} uses the reference's
 * knobs.
 *
 * @param config scaling knobs, null for the reference's
 * @param dryRun decide and record, never act
 * @param bootTimeoutSeconds how long after a scale-up missing workers count as booting (600)
 * @param maxHistoryEvents continue as new past this many events (2000)
 * @param carriedOver state from the previous run, else null
 */
public record ScalingLoopInput(
    String tenant,
    ScalingConfig config,
    Boolean dryRun,
    Long bootTimeoutSeconds,
    Integer maxHistoryEvents,
    ScalingLoopState carriedOver) {

  public static ScalingLoopInput of(String tenant, ScalingConfig config, boolean dryRun) {
    return new ScalingLoopInput(tenant, config, dryRun, null, null, null);
  }
}
