package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.logwise.policy.kafka.PartitionConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The Kafka cluster Vector writes to and Spark reads from, and how its topics grow. */
public class KafkaSettings {

  /** Comma-separated host:port list, as Kafka clients take it. */
  @NotBlank @JsonProperty private String bootstrapServers;

  @NotBlank @JsonProperty private String topicPattern = "^logs.*";
  @JsonProperty private boolean enablePartitionScaling = true;

  @Min(1)
  @JsonProperty
  private int partitionRatePerSecond = 2000;

  /** Records of consumer lag one partition may hold: 5 min of Spark's 4000/s per partition. */
  @Min(1)
  @JsonProperty
  private long maxLagPerPartition = 1_200_000;

  /**
   * Partition counts are rounded up to a multiple of this; unset = {@code scaling.coresPerWorker}.
   */
  @Min(1)
  @JsonProperty
  private Integer partitionMultiple;

  @Min(1)
  @Max(100_000)
  @JsonProperty
  private int maxPartitions = 128;

  @NotNull @JsonProperty private Duration partitionCooldown = Duration.minutes(10);

  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration partitionEvaluationInterval = Duration.minutes(1);

  /** Decide and record partition growth, never act. */
  @JsonProperty private boolean partitionDryRun = false;

  /** Bound on every Kafka admin call. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration requestTimeout = Duration.seconds(10);

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public String getTopicPattern() {
    return topicPattern;
  }

  public boolean isEnablePartitionScaling() {
    return enablePartitionScaling;
  }

  public int getPartitionRatePerSecond() {
    return partitionRatePerSecond;
  }

  public long getMaxLagPerPartition() {
    return maxLagPerPartition;
  }

  public Integer getPartitionMultiple() {
    return partitionMultiple;
  }

  public int getMaxPartitions() {
    return maxPartitions;
  }

  public Duration getPartitionCooldown() {
    return partitionCooldown;
  }

  public Duration getPartitionEvaluationInterval() {
    return partitionEvaluationInterval;
  }

  public boolean isPartitionDryRun() {
    return partitionDryRun;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  @ValidationMethod(message = "topicPattern must be a valid regular expression")
  public boolean isTopicPatternValid() {
    try {
      Pattern.compile(topicPattern == null ? "" : topicPattern);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** The partition policy's knobs; {@code coresPerWorker} fills an unset multiple. */
  public PartitionConfig partitionConfig(int coresPerWorker) {
    PartitionConfig d = PartitionConfig.DEFAULTS;
    return new PartitionConfig(
        partitionRatePerSecond,
        maxLagPerPartition,
        partitionMultiple != null ? partitionMultiple : Math.max(1, coresPerWorker),
        maxPartitions,
        partitionCooldown.toSeconds(),
        d.minWindowSeconds(),
        d.maxWindowSeconds());
  }
}
