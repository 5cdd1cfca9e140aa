package io.logwise.policy.scaling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the scaling loop keeps between evaluations: the recent batches (oldest first), when the
 * fleet last grew and last changed by a decision, and the policy's own memory.
 */
public record ScalingMemory(
    List<BatchSample> window,
    long lastScaleUpAtMillis,
    long lastChangeAtMillis,
    AdaptiveMemory adaptive) {

  public static final ScalingMemory EMPTY =
      new ScalingMemory(List.of(), 0, 0, AdaptiveMemory.EMPTY);

  public ScalingMemory {
    window = window == null ? List.of() : List.copyOf(window);
    adaptive = adaptive == null ? AdaptiveMemory.EMPTY : adaptive;
  }

  /** Batches kept: enough for either policy. */
  static int kept(ScalingConfig c) {
    return Math.max(Math.max(10, 2 * c.historySize()), c.adaptiveOrDefaults().rateWindowBatches());
  }

  /** With the batch added, in submission order, the oldest dropped past what is kept. */
  public ScalingMemory withBatch(ScalingConfig c, BatchSample b) {
    List<BatchSample> next = new ArrayList<>(window);
    next.add(b);
    next.sort(Comparator.comparingLong(BatchSample::submissionTime));
    while (next.size() > kept(c)) {
      next.remove(0);
    }
    return new ScalingMemory(next, lastScaleUpAtMillis, lastChangeAtMillis, adaptive);
  }

  /**
   * Without the batches that read the Kafka cluster {@code s} switched away from ({@link
   * KafkaSwitch#before}); the rest of the memory (the per-core rate, the last scale-up: the job's,
   * not the cluster's) is kept.
   */
  public ScalingMemory after(KafkaSwitch s) {
    List<BatchSample> after = window.stream().filter(b -> !s.before(b)).toList();
    return after.size() == window.size()
        ? this
        : new ScalingMemory(after, lastScaleUpAtMillis, lastChangeAtMillis, adaptive);
  }

  /** After acting on a decision: whether the fleet changed, and the policy's new memory. */
  public ScalingMemory acted(ScalingDecision d, boolean changed, long nowMillis) {
    AdaptiveMemory nextAdaptive = d.memory() != null ? d.memory() : adaptive;
    if (!changed) {
      if (d.action() == ScalingDecision.Action.UPSCALE && nextAdaptive.lastUpscale() != null) {
        // nothing grew: there is nothing to judge
        nextAdaptive =
            nextAdaptive.judged(
                nextAdaptive.ineffectiveCap(), nextAdaptive.ineffectiveUntilMillis());
      }
      // nor a surge to hold, nor a surge's fleet released (revision 11): as it was
      nextAdaptive = nextAdaptive.withSurge(adaptive.surgedAtMillis());
      return new ScalingMemory(window, lastScaleUpAtMillis, lastChangeAtMillis, nextAdaptive);
    }
    return new ScalingMemory(
        window,
        d.action() == ScalingDecision.Action.UPSCALE ? nowMillis : lastScaleUpAtMillis,
        nowMillis,
        nextAdaptive);
  }
}
