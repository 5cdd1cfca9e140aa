package io.logwise.policy.scaling;

/** Decides the worker count from recent batches; pure. */
public interface ScalingPolicy {

  ScalingDecision decide(ScalingInput input);

  /** The policy a tenant's {@code scaling.policy} names. */
  static ScalingPolicy named(String name) {
    if ("classic".equals(name)) {
      return new ClassicScalingPolicy();
    }
    throw new IllegalArgumentException("unknown scaling policy '" + name + "' (known: classic)");
  }
}
