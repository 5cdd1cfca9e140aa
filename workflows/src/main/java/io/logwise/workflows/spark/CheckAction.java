package io.logwise.workflows.spark;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What one look at the master did (lower case on the wire, as the API has always answered). */
public enum CheckAction {
  @JsonProperty("none")
  NONE,
  @JsonProperty("waiting")
  WAITING,
  @JsonProperty("submitted")
  SUBMITTED,
  @JsonProperty("adopted")
  ADOPTED,
  @JsonProperty("restarted")
  RESTARTED,
  @JsonProperty("stopped")
  STOPPED,
  @JsonProperty("unreachable")
  UNREACHABLE;

  /** A driver of ours runs (or is on its way) after this. */
  public boolean startedDriver() {
    return this == SUBMITTED || this == ADOPTED || this == RESTARTED;
  }

  /** The wire name. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
