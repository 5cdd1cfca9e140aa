package io.logwise.config.whatif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logwise.policy.scaling.AdaptiveScalingPolicy;
import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.FleetView;
import io.logwise.policy.scaling.ScaleFlags;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.scaling.ScalingEvaluation;
import io.logwise.policy.scaling.ScalingMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The what-if contract (docs/scaling.md, "What-if"): a scaling question in JSON, the policy's
 * answer in JSON. Shared by {@code logwise what-if} and {@code POST /api/v1/what-if}; both report
 * bad input as one message naming every offending field.
 */
public final class WhatIf {

  /** The question. Every {@code scaling} key is optional (reference defaults). */
  public record Request(
      Knobs scaling,
      List<Batch> history,
      List<String> walFiles,
      Integer actualWorkers,
      Flags request,
      Flags override,
      Long nowMillis,
      Long lastChangeAtMillis) {}

  /** Scaling knobs, each optional. */
  public record Knobs(
      String policy,
      Integer historySize,
      Long perCoreRecordsPerBatch,
      Integer coresPerWorker,
      Integer minWorkers,
      Integer maxWorkers,
      Integer minUpscaleStep,
      Integer maxUpscaleStep,
      Integer minDownscaleStep,
      Integer maxDownscaleStep,
      Double maxDownscaleFraction,
      Boolean enableUpscale,
      Boolean enableDownscale,
      AdaptiveKnobs adaptive) {}

  /** The adaptive policy's knobs, each optional; durations in seconds. */
  public record AdaptiveKnobs(
      Double targetUtilization,
      Integer catchUpSeconds,
      Integer bootDelaySeconds,
      Double batchOverheadSeconds,
      Integer triggerSeconds,
      Integer scaleDownWindowSeconds,
      Integer stabilizationSeconds,
      Integer rateWindowBatches,
      Integer freshnessSloSeconds) {}

  /** One batch of the history; the Kafka fields feed the adaptive policy's rates. */
  public record Batch(
      Long inputRecords,
      Long outputBytes,
      Long submissionTime,
      Long completionTime,
      Integer coresUsed,
      String status,
      Long kafkaLag,
      Long endOffsetSum,
      Integer partitions) {}

  /** Up/down flags; null means "not said". */
  public record Flags(Boolean enableUpScale, Boolean enableDownScale) {}

  /** The answer. */
  public record Answer(String action, int targetWorkers, Integer expectedWorkers, String reason) {}

  /** Bad input; the message names every field at fault. */
  public static final class InvalidQuestion extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidQuestion(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON =
      io.logwise.config.StrictJson.configure(
          new ObjectMapper()
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES));

  private WhatIf() {}

  public static Answer answer(String json) throws InvalidQuestion {
    Request request;
    try {
      request = JSON.readValue(json, Request.class);
    } catch (JsonProcessingException e) {
      throw new InvalidQuestion(io.logwise.config.StrictJson.describe(e, "input"));
    }
    return answer(request);
  }

  public static Answer answer(Request r) throws InvalidQuestion {
    if (r == null) {
      throw new InvalidQuestion("input is empty");
    }
    List<String> problems = new ArrayList<>();
    if (r.actualWorkers() == null || r.actualWorkers() < 0) {
      problems.add("actualWorkers: required, >= 0");
    }
    if (r.walFiles() == null) {
      problems.add("walFiles: required (a list, may be empty)");
    } else {
      for (int i = 0; i < r.walFiles().size(); i++) {
        if (r.walFiles().get(i) == null) {
          problems.add("walFiles[" + i + "]: must not be null");
        }
      }
    }
    List<BatchSample> history = new ArrayList<>();
    if (r.history() == null) {
      problems.add("history: required (a list, may be empty)");
    } else {
      for (int i = 0; i < r.history().size(); i++) {
        Batch b = r.history().get(i);
        String at = "history[" + i + "]";
        if (b == null) {
          problems.add(at + ": must not be null");
          continue;
        }
        if (b.inputRecords() == null || b.inputRecords() < 0) {
          problems.add(at + ".inputRecords: required, >= 0");
        }
        if (b.submissionTime() == null || b.completionTime() == null) {
          problems.add(at + ".submissionTime/completionTime: required (epoch ms)");
        } else if (b.completionTime() < b.submissionTime()) {
          problems.add(at + ".completionTime: before submissionTime");
        }
        if (b.outputBytes() != null && b.outputBytes() < 0) {
          problems.add(at + ".outputBytes: must be >= 0");
        }
        if (b.kafkaLag() != null && b.kafkaLag() < 0
            || b.endOffsetSum() != null && b.endOffsetSum() < 0) {
          problems.add(at + ".kafkaLag/endOffsetSum: must be >= 0");
        }
        if (problems.isEmpty()) {
          history.add(
              new BatchSample(
                  b.inputRecords(),
                  b.outputBytes() == null ? 0 : b.outputBytes(),
                  b.submissionTime(),
                  b.completionTime(),
                  b.coresUsed(),
                  b.status(),
                  b.kafkaLag(),
                  b.endOffsetSum(),
                  b.partitions()));
        }
      }
    }
    ScalingConfig config = null;
    try {
      config = config(r.scaling()); // refuses a policy no name knows
    } catch (IllegalArgumentException e) {
      problems.add("scaling: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new InvalidQuestion(problems.stream().collect(Collectors.joining("; ")));
    }
    long now =
        r.nowMillis() != null
            ? r.nowMillis()
            : history.stream().mapToLong(BatchSample::completionTime).max().orElse(0);
    long lastChange = r.lastChangeAtMillis() == null ? 0 : r.lastChangeAtMillis();
    // the adaptive policy remembers what it asked for batch by batch (its scale-down window):
    // replay the history as the loop would have seen it, the fleet held at actualWorkers. Each
    // step is the loop's own evaluation (ScalingEvaluation), over the whole history given (the
    // loop's window is what it kept; here the question says what to look at)
    List<BatchSample> ordered = new ArrayList<>(history);
    ordered.sort(java.util.Comparator.comparingLong(BatchSample::completionTime));
    ScalingMemory memory = ScalingMemory.EMPTY;
    for (int i = 1; i < ordered.size(); i++) {
      long at = ordered.get(i - 1).completionTime();
      ScalingDecision earlier =
          ScalingEvaluation.evaluate(
                  new ScalingMemory(ordered.subList(0, i), 0, lastChange, memory.adaptive()),
                  context(r, config, at))
              .decision();
      memory = memory.acted(earlier, false, at);
    }
    ScalingDecision d =
        ScalingEvaluation.evaluate(
                new ScalingMemory(history, 0, lastChange, memory.adaptive()),
                context(r, config, now))
            .decision();
    return new Answer(d.action().name(), d.targetWorkers(), d.expectedWorkers(), d.reason());
  }

  public static String toJson(Answer answer) {
    try {
      return JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the overlay back: ScalingConfig's own names, nothing else. */
  private static final ObjectMapper OVERLAY =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The reference defaults (adaptive knobs included) with the given knobs laid over them. Knobs are
   * {@link ScalingConfig}'s and {@link io.logwise.policy.scaling.AdaptiveConfig}'s own names, so
   * the overlay is done on their JSON, not by listing them again; the config's constructors then
   * refuse what does not hold together.
   */
  public static ScalingConfig config(Knobs k) {
    if (k == null) {
      return ScalingConfig.REFERENCE;
    }
    ObjectNode merged =
        OVERLAY.valueToTree(
            ScalingConfig.REFERENCE.withAdaptive(
                io.logwise.policy.scaling.AdaptiveConfig.DEFAULTS));
    laidOver(merged, OVERLAY.valueToTree(k));
    try {
      return OVERLAY.treeToValue(merged, ScalingConfig.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof IllegalArgumentException refused) {
        throw refused; // the constructor's own words
      }
      throw new IllegalStateException("knobs are ScalingConfig's own fields", e);
    }
  }

  /** {@code into} with every non-null value of {@code over}, objects merged key by key. */
  private static void laidOver(ObjectNode into, JsonNode over) {
    over.fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isNull()) {
                return;
              }
              if (f.getValue().isObject() && into.get(f.getKey()) instanceof ObjectNode inner) {
                laidOver(inner, f.getValue());
              } else {
                into.set(f.getKey(), f.getValue());
              }
            });
  }

  /**
   * The loop's evaluation context for the question at {@code atMillis}: the fleet at {@code
   * actualWorkers} (none booting), the master read, no planned event, the newest rules.
   */
  private static ScalingEvaluation.Context context(Request r, ScalingConfig c, long atMillis) {
    return new ScalingEvaluation.Context(
        c,
        new FleetView(null, r.actualWorkers(), null),
        r.walFiles(),
        flags(r.request()),
        flags(r.override()),
        atMillis,
        0,
        AdaptiveScalingPolicy.LATEST_REVISION);
  }

  private static ScaleFlags flags(Flags f) {
    return f == null ? ScaleFlags.UNSET : new ScaleFlags(f.enableUpScale(), f.enableDownScale());
  }
}
