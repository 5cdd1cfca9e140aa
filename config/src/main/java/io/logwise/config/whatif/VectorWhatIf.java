package io.logwise.config.whatif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.policy.vector.VectorPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logwise what-if --component vector}: the Vector scaler's decision for a window of minutes
 * given in JSON (docs/vector.md). Samples are one per minute, oldest first; a null CPU is a minute
 * without metrics.
 */
public final class VectorWhatIf {

  /** The question; {@code rules} and every field in it are optional (the seed's defaults). */
  public record Request(
      List<Minute> window,
      Integer currentInstances,
      Integer floor,
      Integer minutesSinceLastAction,
      Rules rules) {}

  /** One minute of Vector. */
  public record Minute(
      Double cpuUtilisation, Double memoryBytes, Double logsInPerSecond, Double pendingRequests) {}

  /** Bounds and cooldown; each optional. */
  public record Rules(Integer minInstances, Integer maxInstances, Integer cooldownMinutes) {}

  /** The answer. */
  public record Answer(String action, int targetInstances, String why, String reason) {}

  private static final ObjectMapper JSON =
      io.logwise.config.StrictJson.configure(
          new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

  private VectorWhatIf() {}

  public static Answer answer(String json) throws WhatIf.InvalidQuestion {
    Request r;
    try {
      r = JSON.readValue(json, Request.class);
    } catch (JsonProcessingException e) {
      throw new WhatIf.InvalidQuestion(io.logwise.config.StrictJson.describe(e, "input"));
    }
    if (r == null) {
      throw new WhatIf.InvalidQuestion("input is empty");
    }
    List<String> problems = new ArrayList<>();
    if (r.window() == null) {
      problems.add("window: required (a list of minutes, oldest first; may be empty)");
    } else if (r.window().contains(null)) {
      problems.add("window: a minute is null; give {} for a minute without metrics");
    }
    if (r.currentInstances() == null || r.currentInstances() < 0) {
      problems.add("currentInstances: required, >= 0");
    }
    if (r.floor() != null && r.floor() < 0) {
      problems.add("floor: >= 0");
    }
    if (r.minutesSinceLastAction() != null && r.minutesSinceLastAction() < 0) {
      problems.add("minutesSinceLastAction: >= 0 (leave it out for never)");
    }
    VectorPolicy.Rules d = VectorPolicy.Rules.DEFAULTS;
    Rules given = r.rules() == null ? new Rules(null, null, null) : r.rules();
    VectorPolicy.Rules rules =
        d.bounded(
            given.cooldownMinutes() == null
                ? d.cooldownMillis()
                : given.cooldownMinutes() * 60_000L,
            given.minInstances() == null ? d.minInstances() : given.minInstances(),
            given.maxInstances() == null ? d.maxInstances() : given.maxInstances());
    rules.problems().forEach(p -> problems.add("rules: " + p));
    if (!problems.isEmpty()) {
      throw new WhatIf.InvalidQuestion(String.join("; ", problems));
    }
    long now = 1_000L * 60_000L; // any minute: only the spacing matters
    List<VectorPolicy.Sample> window = new ArrayList<>();
    for (int i = 0; i < r.window().size(); i++) {
      Minute m = r.window().get(i);
      window.add(
          new VectorPolicy.Sample(
              now - (r.window().size() - 1 - i) * 60_000L,
              m.cpuUtilisation(),
              m.memoryBytes(),
              m.logsInPerSecond(),
              m.pendingRequests(),
              null));
    }
    long lastAction =
        r.minutesSinceLastAction() == null ? 0 : now - r.minutesSinceLastAction() * 60_000L;
    VectorPolicy.Decision decision =
        VectorPolicy.decide(
            window,
            r.currentInstances(),
            r.floor() == null ? 0 : r.floor(),
            lastAction,
            now,
            rules);
    String action =
        decision.targetInstances() > decision.currentInstances()
            ? "UPSCALE"
            : decision.targetInstances() < decision.currentInstances() ? "DOWNSCALE" : "NONE";
    return new Answer(action, decision.targetInstances(), decision.why().name(), decision.reason());
  }

  public static String toJson(Answer answer) {
    try {
      return JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
