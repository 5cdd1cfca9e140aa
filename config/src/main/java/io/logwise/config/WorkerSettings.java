package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.logwise.workflows.Duty;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What this worker process does: {@code duties} ({@code all}, or some of {@code supervise, scale,
 * retention, kafka, vector}). Each duty polls its own task queue ({@code <taskQueue>-<duty>}); run
 * several worker processes with different duties to give each its own pool.
 */
public class WorkerSettings {

  @JsonProperty public List<String> duties = List.of("all");

  @ValidationMethod(
      message =
          "worker.duties must be 'all' or some of: supervise, scale, retention, kafka, vector")
  @JsonIgnore
  public boolean isDutiesKnown() {
    try {
      return !duties().isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The duties named, {@code all} being every one. */
  public Set<Duty> duties() {
    Set<Duty> out = EnumSet.noneOf(Duty.class);
    if (duties == null) {
      return out;
    }
    for (String d : duties) {
      if (d == null) {
        throw new IllegalArgumentException("a duty is null");
      }
      // one entry may name several ("scale, retention"): what an environment variable holds
      for (String part : d.toLowerCase(java.util.Locale.ROOT).split("[,\\s]+")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.equals("all")) {
          out.addAll(EnumSet.allOf(Duty.class));
        } else {
          out.add(Duty.named(part));
        }
      }
    }
    return out;
  }
}
