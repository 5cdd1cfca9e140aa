package io.logwise.api.whatif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.ScaleFlags;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.scaling.ScalingInput;
import io.logwise.policy.scaling.ScalingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The what-if contract (see README): a scaling question in JSON, the policy's answer in JSON.
 * Shared by {@code logwise what-if} and {@code POST /api/v1/what-if}; both report bad input as one
 * message naming every offending field.
 */
public final class WhatIf {

  /** The question. Every {@code scaling} key is optional (reference defaults). */
  public record Request(
      Knobs scaling,
      List<Batch> history,
      List<String> walFiles,
      Integer actualWorkers,
      Flags request,
      Flags override) {}

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
      Boolean enableDownscale) {}

  /** One batch of the history. */
  public record Batch(
      Long inputRecords,
      Long outputBytes,
      Long submissionTime,
      Long completionTime,
      Integer coresUsed,
      String status) {}

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
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private WhatIf() {}

  public static Answer answer(String json) throws InvalidQuestion {
    Request request;
    try {
      request = JSON.readValue(json, Request.class);
    } catch (JsonMappingException e) {
      throw new InvalidQuestion(
          path(e) + ": " + e.getOriginalMessage().lines().findFirst().orElse("invalid"));
    } catch (JsonProcessingException e) {
      throw new InvalidQuestion(
          "input is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
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
        if (problems.isEmpty()) {
          history.add(
              new BatchSample(
                  b.inputRecords(),
                  b.outputBytes() == null ? 0 : b.outputBytes(),
                  b.submissionTime(),
                  b.completionTime(),
                  b.coresUsed(),
                  b.status()));
        }
      }
    }
    ScalingConfig config = null;
    ScalingPolicy policy = null;
    try {
      config = config(r.scaling());
      policy = ScalingPolicy.named(config.policy());
    } catch (IllegalArgumentException e) {
      problems.add("scaling: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new InvalidQuestion(problems.stream().collect(Collectors.joining("; ")));
    }
    ScalingDecision d =
        policy.decide(
            new ScalingInput(
                config,
                history,
                r.walFiles(),
                r.actualWorkers(),
                flags(r.request()),
                flags(r.override())));
    return new Answer(d.action().name(), d.targetWorkers(), d.expectedWorkers(), d.reason());
  }

  public static String toJson(Answer answer) {
    try {
      return JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The reference defaults with the given knobs laid over them. */
  public static ScalingConfig config(Knobs k) {
    ScalingConfig d = ScalingConfig.REFERENCE;
    if (k == null) {
      return d;
    }
    return new ScalingConfig(
        k.policy() != null ? k.policy() : d.policy(),
        k.historySize() != null ? k.historySize() : d.historySize(),
        k.perCoreRecordsPerBatch() != null
            ? k.perCoreRecordsPerBatch()
            : d.perCoreRecordsPerBatch(),
        k.coresPerWorker() != null ? k.coresPerWorker() : d.coresPerWorker(),
        k.minWorkers() != null ? k.minWorkers() : d.minWorkers(),
        k.maxWorkers() != null ? k.maxWorkers() : d.maxWorkers(),
        k.minUpscaleStep() != null ? k.minUpscaleStep() : d.minUpscaleStep(),
        k.maxUpscaleStep() != null ? k.maxUpscaleStep() : d.maxUpscaleStep(),
        k.minDownscaleStep() != null ? k.minDownscaleStep() : d.minDownscaleStep(),
        k.maxDownscaleStep() != null ? k.maxDownscaleStep() : d.maxDownscaleStep(),
        k.maxDownscaleFraction() != null ? k.maxDownscaleFraction() : d.maxDownscaleFraction(),
        k.enableUpscale() != null ? k.enableUpscale() : d.enableUpscale(),
        k.enableDownscale() != null ? k.enableDownscale() : d.enableDownscale());
  }

  private static ScaleFlags flags(Flags f) {
    return f == null ? ScaleFlags.UNSET : new ScaleFlags(f.enableUpScale(), f.enableDownScale());
  }

  private static String path(JsonMappingException e) {
    StringBuilder p = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        p.append(p.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else {
        p.append('[').append(ref.getIndex()).append(']');
      }
    }
    return p.length() == 0 ? "input" : p.toString();
  }
}
