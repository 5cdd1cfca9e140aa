package io.logwise.policy.scaling;

import java.util.List;

/**
 * Everything one scaling evaluation looks at.
 *
 * @param history recent batches, any order
 * @param walFiles names under {@code <logs>/_spark_metadata/} ({@code "41"}, {@code "39.compact"};
 *     others are ignored)
 * @param actualWorkers workers the fleet has now (booting ones counted, see {@link
 *     ScalingEvaluation})
 * @param request flags the batch report carried
 * @param override operator override; wins over the request
 * @param nowMillis the evaluation's time
 * @param lastChangeAtMillis when the fleet last changed by a decision, or 0
 * @param memory the adaptive policy's memory (null: none yet)
 */
public record ScalingInput(
    ScalingConfig config,
    List<BatchSample> history,
    List<String> walFiles,
    int actualWorkers,
    ScaleFlags request,
    ScaleFlags override,
    long nowMillis,
    long lastChangeAtMillis,
    AdaptiveMemory memory) {

  public ScalingInput {
    history = history == null ? List.of() : List.copyOf(history);
    walFiles = walFiles == null ? List.of() : List.copyOf(walFiles);
    request = request == null ? ScaleFlags.UNSET : request;
    override = override == null ? ScaleFlags.UNSET : override;
    memory = memory == null ? AdaptiveMemory.EMPTY : memory;
  }

  /** A question without a clock or memory (the classic policy needs neither). */
  public ScalingInput(
      ScalingConfig config,
      List<BatchSample> history,
      List<String> walFiles,
      int actualWorkers,
      ScaleFlags request,
      ScaleFlags override) {
    this(config, history, walFiles, actualWorkers, request, override, 0, 0, null);
  }

  /** Override › request › config, for one direction. */
  static boolean flag(Boolean override, Boolean request, boolean configured) {
    return override != null ? override : request != null ? request : configured;
  }

  boolean upscaleEnabled() {
    return flag(override.enableUpScale(), request.enableUpScale(), config.enableUpscale());
  }

  boolean downscaleEnabled() {
    return flag(override.enableDownScale(), request.enableDownScale(), config.enableDownscale());
  }
}
