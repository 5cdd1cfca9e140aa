package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.PortRange;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tenant's Spark standalone master and the driver it runs. Defaults are the reference system's
 * (§3.4, §8.1); unlike it, every port is configurable.
 */
public class SparkSettings {

  @NotBlank @JsonProperty private String masterHost;
  @PortRange @JsonProperty private int masterWebPort = 8080;
  @PortRange @JsonProperty private int restPort = 6066;
  @PortRange @JsonProperty private int masterPort = 7077;

  /** The driver jar as the Spark workers see it (file:, s3a:, http:). */
  @JsonProperty private String jarPath;

  @NotBlank @JsonProperty private String mainClass = "com.logwise.spark.MainApplication";
  @NotBlank @JsonProperty private String appName = "logwise";
  @NotBlank @JsonProperty private String clientSparkVersion = "3.1.2";

  @Min(1)
  @JsonProperty
  private int driverCores = 1;

  @NotBlank @JsonProperty private String driverMemory = "1G";
  @NotBlank @JsonProperty private String driverMaxResultSize = "1G";

  @Min(1)
  @JsonProperty
  private int coresMax = 50000;

  @Min(1)
  @JsonProperty
  private int executorCores = 1;

  @NotBlank @JsonProperty private String executorMemory = "1G";

  @Min(1)
  @JsonProperty
  private int kafkaMaxRatePerPartition = 4000;

  @NotBlank @JsonProperty private String startingOffsets = "latest";
  @NotBlank @JsonProperty private String subscribePattern = "^logs.*";
  @JsonProperty private String log4jPropertiesPath;

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration pollInterval = Duration.seconds(15);

  /** Supervise this tenant's driver at all (false: the workflow is not started). */
  @JsonProperty private boolean enabled = true;

  /**
   * Passed as {@code spark.driver.supervise}. The reference set true; we default to false so that
   * the master does not relaunch a crashed driver behind the supervisor's back.
   */
  @JsonProperty private boolean driverSupervise = false;

  /** Where the Spark job's listener posts batch metrics ({@code logCentral.orchestrator.url}). */
  @JsonProperty private String orchestratorUrl;

  @NotNull @JsonProperty private Duration submitGrace = Duration.seconds(60);

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration restartBackoff = Duration.seconds(30);

  @NotNull @JsonProperty private Duration restartBackoffCap = Duration.minutes(10);

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration stablePeriod = Duration.hours(1);

  /** Oldest replay start accepted; match Kafka's retention (7 days by default there too). */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration maxReplayAge = Duration.days(7);

  /** The normal job restarts this long before the replay driver stopped. */
  @NotNull @JsonProperty private Duration resumeOverlap = Duration.seconds(60);

  /**
   * More Spark properties for the driver's submission, applied over the ones the supervisor builds
   * (e.g. the batch listener's {@code spark.sql.streaming.streamingQueryListeners} and {@code
   * spark.logwise.*}, or {@code spark.dynamicAllocation.enabled: "false"} where the workers run no
   * shuffle service). Keys start with {@code spark.}; the ones the supervisor owns, or that have a
   * setting of their own, are refused ({@link #RESERVED_PROPERTIES}).
   */
  @NotNull @AllowedSparkProperties @JsonProperty
  private Map<String, String> sparkProperties = Map.of();

  /** Spark properties {@link #sparkProperties} may not set, and the setting to use instead. */
  public static final Map<String, String> RESERVED_PROPERTIES =
      Map.of(
          "spark.master", "masterHost/masterPort",
          "spark.submit.deployMode", "(always cluster)",
          "spark.jars", "jarPath",
          "spark.app.name", "appName",
          "spark.driver.supervise", "driverSupervise",
          "spark.driver.cores", "driverCores",
          "spark.driver.memory", "driverMemory",
          "spark.executor.cores", "executorCores",
          "spark.executor.memory", "executorMemory",
          "spark.cores.max", "coresMax");

  public Map<String, String> getSparkProperties() {
    return sparkProperties;
  }

  @ValidationMethod(message = "restartBackoffCap must not be shorter than restartBackoff")
  public boolean isBackoffOrdered() {
    return restartBackoffCap.toSeconds() >= restartBackoff.toSeconds();
  }

  public boolean isEnabled() {
    return enabled;
  }

  public boolean isDriverSupervise() {
    return driverSupervise;
  }

  public String getOrchestratorUrl() {
    return orchestratorUrl;
  }

  public Duration getSubmitGrace() {
    return submitGrace;
  }

  public Duration getRestartBackoff() {
    return restartBackoff;
  }

  public Duration getRestartBackoffCap() {
    return restartBackoffCap;
  }

  public Duration getStablePeriod() {
    return stablePeriod;
  }

  public Duration getMaxReplayAge() {
    return maxReplayAge;
  }

  public Duration getResumeOverlap() {
    return resumeOverlap;
  }

  public String getMasterHost() {
    return masterHost;
  }

  public int getMasterWebPort() {
    return masterWebPort;
  }

  public int getRestPort() {
    return restPort;
  }

  public int getMasterPort() {
    return masterPort;
  }

  public String getJarPath() {
    return jarPath;
  }

  public String getMainClass() {
    return mainClass;
  }

  public String getAppName() {
    return appName;
  }

  public String getClientSparkVersion() {
    return clientSparkVersion;
  }

  public int getDriverCores() {
    return driverCores;
  }

  public String getDriverMemory() {
    return driverMemory;
  }

  public String getDriverMaxResultSize() {
    return driverMaxResultSize;
  }

  public int getCoresMax() {
    return coresMax;
  }

  public int getExecutorCores() {
    return executorCores;
  }

  public String getExecutorMemory() {
    return executorMemory;
  }

  public int getKafkaMaxRatePerPartition() {
    return kafkaMaxRatePerPartition;
  }

  public String getStartingOffsets() {
    return startingOffsets;
  }

  public String getSubscribePattern() {
    return subscribePattern;
  }

  public String getLog4jPropertiesPath() {
    return log4jPropertiesPath;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }
}
