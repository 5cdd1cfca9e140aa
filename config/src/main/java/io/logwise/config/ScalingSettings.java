package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logwise.policy.scaling.AdaptiveConfig;
import io.logwise.policy.scaling.ScalingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Spark worker sizing knobs; every default is the reference system's constant (§4.2), and the
 * adaptive policy's knobs under {@code adaptive}. {@link #toConfig()} is the one mapping to the
 * policy's config, checked whole at start-up.
 */
@UsableScalingConfig
public class ScalingSettings {

  /** {@code classic} (the reference's sizing) or {@code adaptive} (rate-based). */
  @JsonProperty private String policy = "classic";

  @JsonProperty private int historySize = 5;

  @JsonProperty private long perCoreRecordsPerBatch = 500_000;

  @JsonProperty private int coresPerWorker = 2;

  @JsonProperty private int minWorkers = 2;

  @JsonProperty private int maxWorkers = 10;

  @JsonProperty private int minUpscaleStep = 1;

  @JsonProperty private int maxUpscaleStep = 200;

  @JsonProperty private int minDownscaleStep = 2;

  @JsonProperty private int maxDownscaleStep = 50;

  @JsonProperty private double maxDownscaleFraction = 0.25;

  @JsonProperty private boolean enableUpscale = true;
  @JsonProperty private boolean enableDownscale = true;
  @JsonProperty private boolean dryRun = false;

  /** Batch reports older than this are deleted from the database. */
  @jakarta.validation.constraints.NotNull
  @io.dropwizard.validation.MinDuration(value = 1, unit = java.util.concurrent.TimeUnit.HOURS)
  @JsonProperty
  private io.dropwizard.util.Duration batchRetention = io.dropwizard.util.Duration.days(7);

  public io.dropwizard.util.Duration getBatchRetention() {
    return batchRetention;
  }

  /** The adaptive policy's knobs, every one optional (see {@link AdaptiveConfig#DEFAULTS}). */
  public static class Adaptive {
    @JsonProperty public Double targetUtilization;
    @JsonProperty public io.dropwizard.util.Duration catchUp;
    @JsonProperty public io.dropwizard.util.Duration bootDelay;
    @JsonProperty public io.dropwizard.util.Duration batchOverhead;
    @JsonProperty public io.dropwizard.util.Duration triggerInterval;
    @JsonProperty public io.dropwizard.util.Duration scaleDownWindow;
    @JsonProperty public io.dropwizard.util.Duration stabilization;
    @JsonProperty public Integer rateWindowBatches;
    @JsonProperty public io.dropwizard.util.Duration freshnessSlo;

    /**
     * The policy's knobs; throws {@link IllegalArgumentException} naming every duration that is not
     * a whole number of seconds (the policy counts in seconds: 500ms would read as 0, "no SLO
     * known") and what else {@link AdaptiveConfig} refuses.
     */
    AdaptiveConfig toConfig() {
      AdaptiveConfig d = AdaptiveConfig.DEFAULTS;
      List<String> problems = new ArrayList<>();
      int catchUpSeconds = seconds("catchUp", catchUp, d.catchUpSeconds(), problems);
      int bootSeconds = seconds("bootDelay", bootDelay, d.bootDelaySeconds(), problems);
      int triggerSeconds =
          seconds("triggerInterval", triggerInterval, d.triggerSeconds(), problems);
      int windowSeconds =
          seconds("scaleDownWindow", scaleDownWindow, d.scaleDownWindowSeconds(), problems);
      int stabilizationSeconds =
          seconds("stabilization", stabilization, d.stabilizationSeconds(), problems);
      int sloSeconds = seconds("freshnessSlo", freshnessSlo, d.freshnessSloSeconds(), problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("adaptive: " + String.join("; ", problems));
      }
      return new AdaptiveConfig(
          targetUtilization != null ? targetUtilization : d.targetUtilization(),
          catchUpSeconds,
          bootSeconds,
          batchOverhead != null
              ? batchOverhead.toMilliseconds() / 1000.0
              : d.batchOverheadSeconds(),
          triggerSeconds,
          windowSeconds,
          stabilizationSeconds,
          rateWindowBatches != null ? rateWindowBatches : d.rateWindowBatches(),
          sloSeconds);
    }

    /** {@code value} in whole seconds, {@code otherwise} when unset; a fraction is a problem. */
    private static int seconds(
        String name, io.dropwizard.util.Duration value, int otherwise, List<String> problems) {
      if (value == null) {
        return otherwise;
      }
      if (value.toNanoseconds() % 1_000_000_000L != 0) {
        problems.add(name + " (" + value + ") must be a whole number of seconds");
      }
      return (int) value.toSeconds();
    }
  }

  @jakarta.validation.constraints.NotNull @JsonProperty private Adaptive adaptive = new Adaptive();

  /** The policy's config; throws {@link IllegalArgumentException} naming what is wrong. */
  public ScalingConfig toConfig() {
    return withoutAdaptive().withAdaptive(adaptive.toConfig());
  }

  private ScalingConfig withoutAdaptive() {
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
        enableDownscale);
  }

  /** What makes {@link #toConfig()} fail, or null; see {@link UsableScalingConfig}. */
  String problem() {
    List<String> problems = new ArrayList<>();
    try {
      withoutAdaptive();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    try {
      if (adaptive != null) {
        adaptive.toConfig();
      }
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  public String getPolicy() {
    return policy;
  }

  public int getHistorySize() {
    return historySize;
  }

  public long getPerCoreRecordsPerBatch() {
    return perCoreRecordsPerBatch;
  }

  public int getCoresPerWorker() {
    return coresPerWorker;
  }

  public int getMinWorkers() {
    return minWorkers;
  }

  public int getMaxWorkers() {
    return maxWorkers;
  }

  public int getMinUpscaleStep() {
    return minUpscaleStep;
  }

  public int getMaxUpscaleStep() {
    return maxUpscaleStep;
  }

  public int getMinDownscaleStep() {
    return minDownscaleStep;
  }

  public int getMaxDownscaleStep() {
    return maxDownscaleStep;
  }

  public double getMaxDownscaleFraction() {
    return maxDownscaleFraction;
  }

  public boolean isEnableUpscale() {
    return enableUpscale;
  }

  public boolean isEnableDownscale() {
    return enableDownscale;
  }

  public boolean isDryRun() {
    return dryRun;
  }
}
