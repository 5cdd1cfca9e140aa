package io.logwise.workflows.vector;

import io.logwise.policy.vector.VectorPolicy;

/**
 * Input of {@link VectorScalerWorkflow}; {@code --input '{"tenant":"acme"}'} uses the seed's rules.
 *
 * @param rules the policy's knobs, null for {@link VectorPolicy.Rules#DEFAULTS}
 * @param dryRun decide and keep the decision, never act
 * @param maxHistoryEvents continue as new past this many events (2000)
 * @param carriedOver state from the previous run, else null
 */
public record VectorScalerInput(
    String tenant,
    VectorPolicy.Rules rules,
    Boolean dryRun,
    Integer maxHistoryEvents,
    VectorScalerState carriedOver) {

  public static VectorScalerInput of(String tenant, VectorPolicy.Rules rules, boolean dryRun) {
    return new VectorScalerInput(tenant, rules, dryRun, null, null);
  }
}
