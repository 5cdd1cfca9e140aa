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
 * @param measuredBusySeconds how long the batches that measured it were busy, in all (capped), or
 *     null (revision 9: a lower rate replaces it only with as much busy time behind it)
 * @param surgedAtMillis when a scale-up last at least doubled the fleet, or null (revision 11: the
 *     fleet is not released in part for a while after)
 */
public record AdaptiveMemory(
    List<Ask> asks,
    Upscale lastUpscale,
    Integer ineffectiveCap,
    long ineffectiveUntilMillis,
    Double measuredPerCore,
    Double measuredBusySeconds,
    Long surgedAtMillis) {

  /** One recommendation. */
  public record Ask(long atMillis, int workers) {}

  /**
   * A scale-up to judge: from → to workers at a time, with the per-core rate before it; {@code
   * betweenReports} when a look at Kafka made it while a report was overdue (revision 10; null
   * before, and after a batch).
   */
  public record Upscale(
      long atMillis, int from, int to, double ratePerCoreBefore, Boolean betweenReports) {

    /** Made after a batch. */
    public Upscale(long atMillis, int from, int to, double ratePerCoreBefore) {
      this(atMillis, from, to, ratePerCoreBefore, null);
    }

    /** Whether a look between reports made it after {@code reportMillis}. */
    boolean lookedAfter(long reportMillis) {
      return Boolean.TRUE.equals(betweenReports) && atMillis > reportMillis;
    }
  }

  public static final AdaptiveMemory EMPTY =
      new AdaptiveMemory(List.of(), null, null, 0, null, null, null);

  public AdaptiveMemory {
    asks = asks == null ? List.of() : List.copyOf(asks);
  }

  /** No rate measured yet. */
  public AdaptiveMemory(
      List<Ask> asks, Upscale lastUpscale, Integer ineffectiveCap, long ineffectiveUntilMillis) {
    this(asks, lastUpscale, ineffectiveCap, ineffectiveUntilMillis, null, null);
  }

  /** No surge remembered (before revision 11). */
  public AdaptiveMemory(
      List<Ask> asks,
      Upscale lastUpscale,
      Integer ineffectiveCap,
      long ineffectiveUntilMillis,
      Double measuredPerCore,
      Double measuredBusySeconds) {
    this(
        asks,
        lastUpscale,
        ineffectiveCap,
        ineffectiveUntilMillis,
        measuredPerCore,
        measuredBusySeconds,
        null);
  }

  /** A rate remembered without the busy time behind it (revision 8). */
  public AdaptiveMemory(
      List<Ask> asks,
      Upscale lastUpscale,
      Integer ineffectiveCap,
      long ineffectiveUntilMillis,
      Double measuredPerCore) {
    this(asks, lastUpscale, ineffectiveCap, ineffectiveUntilMillis, measuredPerCore, null);
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
        next,
        lastUpscale,
        ineffectiveCap,
        ineffectiveUntilMillis,
        measuredPerCore,
        measuredBusySeconds,
        surgedAtMillis);
  }

  AdaptiveMemory upscaled(Upscale u) {
    return new AdaptiveMemory(
        asks,
        u,
        ineffectiveCap,
        ineffectiveUntilMillis,
        measuredPerCore,
        measuredBusySeconds,
        surgedAtMillis);
  }

  AdaptiveMemory judged(Integer cap, long until) {
    return new AdaptiveMemory(
        asks, null, cap, until, measuredPerCore, measuredBusySeconds, surgedAtMillis);
  }

  /** The busy time behind the remembered rate: none when unknown (remembered by revision 8). */
  double busyBehind() {
    return measuredBusySeconds == null ? 0 : measuredBusySeconds;
  }

  /** With the per-core rate the window's batches measured now, and how long they were busy. */
  AdaptiveMemory measured(double perCore, Double busySeconds) {
    return new AdaptiveMemory(
        asks,
        lastUpscale,
        ineffectiveCap,
        ineffectiveUntilMillis,
        perCore,
        busySeconds,
        surgedAtMillis);
  }

  /**
   * With the time of the scale-up that last at least doubled the fleet (revision 11), or null once
   * its fleet was released.
   */
  public AdaptiveMemory withSurge(Long atMillis) {
    return new AdaptiveMemory(
        asks,
        lastUpscale,
        ineffectiveCap,
        ineffectiveUntilMillis,
        measuredPerCore,
        measuredBusySeconds,
        atMillis);
  }
}
