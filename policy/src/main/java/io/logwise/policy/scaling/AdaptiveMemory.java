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
 */
public record AdaptiveMemory(
    List<Ask> asks, Upscale lastUpscale, Integer ineffectiveCap, long ineffectiveUntilMillis) {

  /** One recommendation. */
  public record Ask(long atMillis, int workers) {}

  /** A scale-up to judge: from → to workers at a time, with the per-core rate before it. */
  public record Upscale(long atMillis, int from, int to, double ratePerCoreBefore) {}

  public static final AdaptiveMemory EMPTY = new AdaptiveMemory(List.of(), null, null, 0);

  public AdaptiveMemory {
    asks = asks == null ? List.of() : List.copyOf(asks);
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
    return new AdaptiveMemory(next, lastUpscale, ineffectiveCap, ineffectiveUntilMillis);
  }

  AdaptiveMemory upscaled(Upscale u) {
    return new AdaptiveMemory(asks, u, ineffectiveCap, ineffectiveUntilMillis);
  }

  AdaptiveMemory judged(Integer cap, long until) {
    return new AdaptiveMemory(asks, null, cap, until);
  }
}
