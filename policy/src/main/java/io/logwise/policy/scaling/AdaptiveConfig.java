package io.logwise.policy.scaling;

/**
 * Knobs of the adaptive policy (defaults tuned with {@code logwise simulate}, docs/scaling.md
 * "Scaling policies compared").
 *
 * @param targetUtilization size for the input rate divided by this (headroom for growth)
 * @param catchUpSeconds drain a backlog (and what piles up while new workers boot) in this long
 * @param bootDelaySeconds how long a new worker takes to add capacity (ASG ~180, Kubernetes ~45)
 * @param batchOverheadSeconds fixed cost of a micro-batch, not spent on records
 * @param triggerSeconds the job's trigger interval
 * @param scaleDownWindowSeconds scale down only after asking for less this long, to the window's
 *     highest ask
 * @param stabilizationSeconds no scale-down this long after any change
 * @param rateWindowBatches batches the input and processing rates are measured over
 * @param freshnessSloSeconds a record should be read within this long of reaching Kafka; from
 *     revision 6 a backlog is drained within what the SLO leaves of its age, never slower than the
 *     catch-up time (0: not known, the catch-up time alone)
 */
public record AdaptiveConfig(
    double targetUtilization,
    int catchUpSeconds,
    int bootDelaySeconds,
    double batchOverheadSeconds,
    int triggerSeconds,
    int scaleDownWindowSeconds,
    int stabilizationSeconds,
    int rateWindowBatches,
    int freshnessSloSeconds) {

  /**
   * Since revision 2 of the policy: catch up in 30 minutes (the Flink autoscaler's default catch-up
   * duration); the fleet grows when it falls behind that, not before.
   */
  public static final AdaptiveConfig DEFAULTS =
      new AdaptiveConfig(0.85, 1800, 180, 5, 60, 720, 300, 10, 300);

  /** The defaults of revision 1 (workflows that started with them and no knobs keep them). */
  public static final AdaptiveConfig FIRST_DEFAULTS =
      new AdaptiveConfig(0.85, 240, 180, 5, 60, 720, 300, 10, 300);

  public AdaptiveConfig {
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      problems.add("targetUtilization (" + targetUtilization + ") must be in (0, 1]");
    }
    if (catchUpSeconds < 1 || triggerSeconds < 1) {
      problems.add("catch-up time and trigger interval must be at least 1 s");
    }
    if (bootDelaySeconds < 0
        || scaleDownWindowSeconds < 0
        || stabilizationSeconds < 0
        || freshnessSloSeconds < 0) {
      problems.add(
          "boot delay, scale-down window, stabilisation and freshness SLO must not be negative");
    }
    if (batchOverheadSeconds < 0 || batchOverheadSeconds >= triggerSeconds) {
      problems.add(
          "batch overhead ("
              + batchOverheadSeconds
              + " s) must be shorter than the trigger interval ("
              + triggerSeconds
              + " s)");
    }
    if (rateWindowBatches < 2) {
      problems.add("rateWindowBatches (" + rateWindowBatches + ") must be at least 2");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("adaptive: " + String.join("; ", problems));
    }
  }

  /** With a data plane's timing (as a model or a measurement says): the other knobs kept. */
  public AdaptiveConfig withTiming(
      int bootDelaySeconds, double batchOverheadSeconds, int triggerSeconds) {
    return withDataPlane(
        bootDelaySeconds, batchOverheadSeconds, triggerSeconds, freshnessSloSeconds);
  }

  /** With the freshness SLO a data plane promises (the other knobs kept). */
  public AdaptiveConfig withFreshnessSlo(int seconds) {
    return withDataPlane(bootDelaySeconds, batchOverheadSeconds, triggerSeconds, seconds);
  }

  private AdaptiveConfig withDataPlane(
      int bootDelaySeconds, double batchOverheadSeconds, int triggerSeconds, int sloSeconds) {
    return new AdaptiveConfig(
        targetUtilization,
        catchUpSeconds,
        bootDelaySeconds,
        batchOverheadSeconds,
        triggerSeconds,
        scaleDownWindowSeconds,
        stabilizationSeconds,
        rateWindowBatches,
        sloSeconds);
  }
}
