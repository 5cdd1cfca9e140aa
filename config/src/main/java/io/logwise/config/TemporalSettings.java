package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** How to reach the Temporal frontend and which task queue Logwise works on. */
public class TemporalSettings {

  @NotBlank @JsonProperty private String target = "127.0.0.1:7233";
  @NotBlank @JsonProperty private String namespace = "default";
  @NotBlank @JsonProperty private String taskQueue = "logwise";

  /** How long the API waits for a workflow update (e.g. a sync) before answering 503. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration updateTimeout = Duration.seconds(30);

  public String getTarget() {
    return target;
  }

  public String getNamespace() {
    return namespace;
  }

  public String getTaskQueue() {
    return taskQueue;
  }

  public Duration getUpdateTimeout() {
    return updateTimeout;
  }

  public TemporalSettings setTarget(String target) {
    this.target = target;
    return this;
  }
}
