package io.logwise.policy.scaling;

import java.util.List;

/**
 * Everything one scaling evaluation looks at.
 *
 * @param history recent batches, any order
 * @param walFiles names under {@code <logs>/_spark_metadata/} ({@code "41"}, {@code "39.compact"};
 *     others are ignored)
 * @param actualWorkers workers the fleet has now
 * @param request flags the batch report carried
 * @param override operator override; wins over the request
 */
public record ScalingInput(
    ScalingConfig config,
    List<BatchSample> history,
    List<String> walFiles,
    int actualWorkers,
    ScaleFlags request,
    ScaleFlags override) {

  public ScalingInput {
    history = history == null ? List.of() : List.copyOf(history);
    walFiles = walFiles == null ? List.of() : List.copyOf(walFiles);
    request = request == null ? ScaleFlags.UNSET : request;
    override = override == null ? ScaleFlags.UNSET : override;
  }
}
