package io.logwise.policy.scaling;

/**
 * A tenant's sizing knobs; {@link #REFERENCE} holds the reference system's constants (§4.2). {@code
 * adaptive} holds the adaptive policy's own knobs (null: {@link AdaptiveConfig#DEFAULTS}).
 */
public record ScalingConfig(
    String policy,
    int historySize,
    long perCoreRecordsPerBatch,
    int coresPerWorker,
    int minWorkers,
    int maxWorkers,
    int minUpscaleStep,
    int maxUpscaleStep,
    int minDownscaleStep,
    int maxDownscaleStep,
    double maxDownscaleFraction,
    boolean enableUpscale,
    boolean enableDownscale,
    AdaptiveConfig adaptive) {

  /** The policies {@code policy} may name. */
  public static final java.util.List<String> POLICIES =
      java.util.Arrays.stream(PolicyName.values()).map(PolicyName::word).toList();

  public static final ScalingConfig REFERENCE =
      new ScalingConfig("classic", 5, 500_000, 2, 2, 10, 1, 200, 2, 50, 0.25, true, true);

  /** Without adaptive knobs (the defaults). */
  public ScalingConfig(
      String policy,
      int historySize,
      long perCoreRecordsPerBatch,
      int coresPerWorker,
      int minWorkers,
      int maxWorkers,
      int minUpscaleStep,
      int maxUpscaleStep,
      int minDownscaleStep,
      int maxDownscaleStep,
      double maxDownscaleFraction,
      boolean enableUpscale,
      boolean enableDownscale) {
    this(
        policy,
        historySize,
        perCoreRecordsPerBatch,
        coresPerWorker,
        minWorkers,
        maxWorkers,
        minUpscaleStep,
        maxUpscaleStep,
        minDownscaleStep,
        maxDownscaleStep,
        maxDownscaleFraction,
        enableUpscale,
        enableDownscale,
        null);
  }

  /** The adaptive knobs, defaults filled in. */
  public AdaptiveConfig adaptiveOrDefaults() {
    return adaptive == null ? AdaptiveConfig.DEFAULTS : adaptive;
  }

  /** These knobs with another policy (what-if, the simulator). */
  public ScalingConfig withPolicy(String name) {
    return new ScalingConfig(
        name,
        historySize,
        perCoreRecordsPerBatch,
        coresPerWorker,
        minWorkers,
        maxWorkers,
        minUpscaleStep,
        maxUpscaleStep,
        minDownscaleStep,
        maxDownscaleStep,
        maxDownscaleFraction,
        enableUpscale,
        enableDownscale,
        adaptive);
  }

  /** These knobs with other worker bounds (the simulator sizes them to the trace). */
  public ScalingConfig withWorkers(int min, int max) {
    return new ScalingConfig(
        policy,
        historySize,
        perCoreRecordsPerBatch,
        coresPerWorker,
        min,
        max,
        minUpscaleStep,
        maxUpscaleStep,
        minDownscaleStep,
        maxDownscaleStep,
        maxDownscaleFraction,
        enableUpscale,
        enableDownscale,
        adaptive);
  }

  public ScalingConfig withAdaptive(AdaptiveConfig a) {
    return new ScalingConfig(
        policy,
        historySize,
        perCoreRecordsPerBatch,
        coresPerWorker,
        minWorkers,
        maxWorkers,
        minUpscaleStep,
        maxUpscaleStep,
        minDownscaleStep,
        maxDownscaleStep,
        maxDownscaleFraction,
        enableUpscale,
        enableDownscale,
        a);
  }

  /** The policy {@link #policy()} names (never empty: the constructor refuses any other word). */
  public PolicyName policyName() {
    return PolicyName.of(policy).orElseThrow();
  }

  public ScalingConfig {
    PolicyName.require(policy);
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (historySize < 2) {
      problems.add("historySize (" + historySize + ") must be at least 2");
    }
    if (perCoreRecordsPerBatch < 1 || coresPerWorker < 1) {
      problems.add("perCoreRecordsPerBatch and coresPerWorker must be at least 1");
    }
    if (minWorkers < 0) {
      problems.add("minWorkers (" + minWorkers + ") must be at least 0");
    } else if (maxWorkers < minWorkers) {
      problems.add(
          "minWorkers (" + minWorkers + ") must not exceed maxWorkers (" + maxWorkers + ")");
    }
    if (minUpscaleStep < 1 || maxUpscaleStep < minUpscaleStep) {
      problems.add(
          "upscale steps need 1 <= minUpscaleStep ("
              + minUpscaleStep
              + ") <= maxUpscaleStep ("
              + maxUpscaleStep
              + ")");
    }
    if (minDownscaleStep < 1 || maxDownscaleStep < minDownscaleStep) {
      problems.add(
          "downscale steps need 1 <= minDownscaleStep ("
              + minDownscaleStep
              + ") <= maxDownscaleStep ("
              + maxDownscaleStep
              + ")");
    }
    if (!(maxDownscaleFraction >= 0 && maxDownscaleFraction <= 1)) {
      problems.add("maxDownscaleFraction (" + maxDownscaleFraction + ") must be in [0, 1]");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
