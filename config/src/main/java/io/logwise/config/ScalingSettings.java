package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** Spark worker sizing knobs; every default is the reference system's constant (§4.2). */
public class ScalingSettings {

  @NotBlank @JsonProperty private String policy = "classic";

  @Min(1)
  @JsonProperty
  private int historySize = 5;

  @Min(1)
  @JsonProperty
  private long perCoreRecordsPerBatch = 500_000;

  @Min(1)
  @JsonProperty
  private int coresPerWorker = 2;

  @Min(0)
  @JsonProperty
  private int minWorkers = 2;

  @Min(1)
  @JsonProperty
  private int maxWorkers = 10;

  @Min(1)
  @JsonProperty
  private int minUpscaleStep = 1;

  @Min(1)
  @JsonProperty
  private int maxUpscaleStep = 200;

  @Min(1)
  @JsonProperty
  private int minDownscaleStep = 2;

  @Min(1)
  @JsonProperty
  private int maxDownscaleStep = 50;

  @DecimalMin("0.0")
  @DecimalMax("1.0")
  @JsonProperty
  private double maxDownscaleFraction = 0.25;

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

  @ValidationMethod(message = "minWorkers must not exceed maxWorkers")
  public boolean isWorkerRangeOrdered() {
    return minWorkers <= maxWorkers;
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
