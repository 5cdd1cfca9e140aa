package io.logwise.policy.scaling;

/** Decides the worker count from recent batches; pure. */
public interface ScalingPolicy {

  ScalingDecision decide(ScalingInput input);

  /**
   * The policy a tenant's {@code scaling.policy} names; refuses a word that names none (see {@link
   * PolicyName}). A {@link ScalingConfig} only holds a word that names one.
   */
  static ScalingPolicy named(String name) {
    return of(PolicyName.require(name), AdaptiveScalingPolicy.LATEST_REVISION);
  }

  /**
   * The policy at a revision of its rules: a workflow run keeps the revision it started with (the
   * classic policy has one).
   */
  static ScalingPolicy of(PolicyName name, int revision) {
    return switch (name) {
      case CLASSIC -> new ClassicScalingPolicy();
      case ADAPTIVE -> new AdaptiveScalingPolicy(revision);
    };
  }
}
