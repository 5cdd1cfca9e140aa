package io.logwise.workflows.spark;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the job reads Kafka: by topic pattern (normal) or assigned partitions (a replay). */
public enum SubscribeMode {
  @JsonProperty("pattern")
  PATTERN,
  @JsonProperty("assign")
  ASSIGN;

  /** The job's argument value. */
  public String wire() {
    return this == ASSIGN ? "assign" : "pattern";
  }
}
