package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** The Kafka cluster Vector writes to and Spark reads from. */
public class KafkaSettings {

  /** Comma-separated host:port list, as Kafka clients take it. */
  @NotBlank @JsonProperty private String bootstrapServers;

  @NotBlank @JsonProperty private String topicPattern = "^logs.*";
  @JsonProperty private boolean enablePartitionScaling = true;

  @Min(1)
  @JsonProperty
  private int partitionRatePerSecond = 2000;

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
}
