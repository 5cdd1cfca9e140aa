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

  /**
   * Sticky execution (the server routes a workflow's next task to the worker that has it cached).
   * Keep it on for a real Temporal cluster. Turn it off for Temporal's Java test server, which
   * never times out a sticky queue: after a worker restart its workflows would wait forever for the
   * dead worker. {@code logwise dev} turns it off.
   */
  @JsonProperty private boolean stickyExecution = true;

  /**
   * A tenant workflow whose workflow task has waited this long for a worker, or was taken and never
   * finished, is "not progressing": the API's {@code /healthcheck} says so (503) and so do the 503s
   * of calls to it.
   */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration stuckAfter = Duration.seconds(60);

  public Duration getStuckAfter() {
    return stuckAfter;
  }

  public TemporalSettings setStuckAfter(Duration stuckAfter) {
    this.stuckAfter = stuckAfter;
    return this;
  }

  public TemporalSettings setUpdateTimeout(Duration updateTimeout) {
    this.updateTimeout = updateTimeout;
    return this;
  }

  public boolean isStickyExecution() {
    return stickyExecution;
  }

  public TemporalSettings setStickyExecution(boolean stickyExecution) {
    this.stickyExecution = stickyExecution;
    return this;
  }

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
