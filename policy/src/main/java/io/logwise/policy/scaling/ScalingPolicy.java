package io.logwise.policy.scaling;

/** Decides the worker count from recent batches; pure. */
public interface ScalingPolicy {

  ScalingDecision decide(ScalingInput input);

  /** The policy a tenant's {@code scaling.policy} names (see {@link ScalingConfig#POLICIES}). */
  static ScalingPolicy named(String name) {
    return switch (name == null ? "" : name) {
      case "classic" -> new ClassicScalingPolicy();
      case "adaptive" -> new AdaptiveScalingPolicy();
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
