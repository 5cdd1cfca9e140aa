package io.logwise.policy.scaling;

import java.util.ArrayList;
import java.util.List;

/**
 * What the adaptive policy remembers between evaluations (kept by the caller, in workflow state):
 * its recent asks, for lazy scale-downs; the last scale-up, to tell whether it helped; and the cap
 * an ineffective scale-up set.
 *
 * @param asks recent recommendations, oldest first
 * @param lastUpscale the last scale-up and the capacity before it, or null once judged
 * @param ineffectiveCap no scale-up above this many workers until {@code ineffectiveUntilMillis}
 * @param measuredPerCore the per-core rate last measured on a window's batches, or null (revision
 *     8: it stands in while no batch in the window measures one)
 */
public record AdaptiveMemory(
    List<Ask> asks,
    Upscale lastUpscale,
    Integer ineffectiveCap,
    long ineffectiveUntilMillis,
    Double measuredPerCore) {

  /** One recommendation. */
  public record Ask(long atMillis, int workers) {}

  /** A scale-up to judge: from → to workers at a time, with the per-core rate before it. */
  public record Upscale(long atMillis, int from, int to, double ratePerCoreBefore) {}

  public static final AdaptiveMemory EMPTY = new AdaptiveMemory(List.of(), null, null, 0, null);

  public AdaptiveMemory {
    asks = asks == null ? List.of() : List.copyOf(asks);
  }

  /** No rate measured yet. */
  public AdaptiveMemory(
      List<Ask> asks, Upscale lastUpscale, Integer ineffectiveCap, long ineffectiveUntilMillis) {
    this(asks, lastUpscale, ineffectiveCap, ineffectiveUntilMillis, null);
  }

  /** With this ask added and asks older than {@code keepMillis} dropped. */
  AdaptiveMemory asked(long now, int workers, long keepMillis) {
    List<Ask> next = new ArrayList<>();
    for (Ask a : asks) {
      if (now - a.atMillis() <= keepMillis) {
        next.add(a);
      }
    }
    next.add(new Ask(now, workers));
    return new AdaptiveMemory(
        next, lastUpscale, ineffectiveCap, ineffectiveUntilMillis, measuredPerCore);
  }

  AdaptiveMemory upscaled(Upscale u) {
    return new AdaptiveMemory(asks, u, ineffectiveCap, ineffectiveUntilMillis, measuredPerCore);
  }

  AdaptiveMemory judged(Integer cap, long until) {
    return new AdaptiveMemory(asks, null, cap, until, measuredPerCore);
  }

  /** With the per-core rate the window's batches measured now. */
  AdaptiveMemory measured(double perCore) {
    return new AdaptiveMemory(asks, lastUpscale, ineffectiveCap, ineffectiveUntilMillis, perCore);
  }
}
