package io.logwise.policy.scaling;

/** Decides the worker count from recent batches; pure. */
public interface ScalingPolicy {

  ScalingDecision decide(ScalingInput input);

  /** The policy a tenant's {@code scaling.policy} names (see {@link ScalingConfig#POLICIES}). */
  static ScalingPolicy named(String name) {
    return named(name, AdaptiveScalingPolicy.LATEST_REVISION);
  }

  /**
   * The named policy at a revision of its rules: a workflow run keeps the revision it started with
   * (the classic policy has one).
   */
  static ScalingPolicy named(String name, int revision) {
    return switch (name == null ? "" : name) {
      case "classic" -> new ClassicScalingPolicy();
      case "adaptive" -> new AdaptiveScalingPolicy(revision);
      default ->
          throw new IllegalArgumentException(
              "unknown scaling policy '"
                  + name
                  + "' (known: "
                  + String.join(", ", ScalingConfig.POLICIES)
                  + ")");
    };
  }
}
