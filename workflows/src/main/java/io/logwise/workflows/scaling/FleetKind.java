package io.logwise.workflows.scaling;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which fleet holds a tenant's Spark workers (the config's {@code fleet.type}). */
public enum FleetKind {
  /** Decide and record only. */
  @JsonProperty("none")
  NONE,
  @JsonProperty("asg")
  ASG,
  @JsonProperty("kubernetes")
  KUBERNETES,
  /** The dev sandbox's model. */
  @JsonProperty("simulated")
  SIMULATED,
  /** Spark worker processes on this machine ({@code logwise dev} and the tests). */
  @JsonProperty("local")
  LOCAL;

  /** Whether decisions are carried out on it. */
  public boolean acts() {
    return this != NONE;
  }
}
