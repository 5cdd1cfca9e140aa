package io.logwise.policy.scaling;

/** Decides the worker count from recent batches; pure. */
public interface ScalingPolicy {

  ScalingDecision decide(ScalingInput input);

  /**
   * A decision between reports, while the next one is overdue, on Σ of Kafka's latest offsets read
   * now ({@code input}'s history ends with the newest report). By default none: the policy decides
   * when a batch ends.
   */
  default ScalingDecision overdue(ScalingInput input, long latestOffsetSum) {
    return ScalingDecision.noChange(
        input.actualWorkers(),
        null,
        ScalingDecision.Why.NOT_ENOUGH_DATA,
        "this policy decides only when a batch ends");
  }

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
