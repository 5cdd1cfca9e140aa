package io.logwise.policy.scaling;

/** A tenant's sizing knobs; {@link #REFERENCE} holds the reference system's constants (§4.2). */
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
    boolean enableDownscale) {

  public static final ScalingConfig REFERENCE =
      new ScalingConfig("classic", 5, 500_000, 2, 2, 10, 1, 200, 2, 50, 0.25, true, true);

  public ScalingConfig {
    if (historySize < 2 || perCoreRecordsPerBatch < 1 || coresPerWorker < 1) {
      throw new IllegalArgumentException(
          "historySize >= 2, perCoreRecordsPerBatch >= 1, coresPerWorker >= 1");
    }
    if (minWorkers < 0 || maxWorkers < minWorkers) {
      throw new IllegalArgumentException("need 0 <= minWorkers <= maxWorkers");
    }
    if (minUpscaleStep < 1
        || maxUpscaleStep < minUpscaleStep
        || minDownscaleStep < 1
        || maxDownscaleStep < minDownscaleStep) {
      throw new IllegalArgumentException("steps need 1 <= min <= max");
    }
    if (!(maxDownscaleFraction >= 0 && maxDownscaleFraction <= 1)) {
      throw new IllegalArgumentException("maxDownscaleFraction must be in [0, 1]");
    }
  }
}
