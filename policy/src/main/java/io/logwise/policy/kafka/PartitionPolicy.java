package io.logwise.policy.kafka;

import java.util.Locale;

/**
 * How many partitions a topic needs: {@code max(⌈rate / partitionRatePerSecond⌉, ⌈lag /
 * maxLagPerPartition⌉)}, rounded up to a multiple of {@code partitionMultiple}, capped at {@code
 * maxPartitions}, and only ever an increase, at most one per topic per cooldown.
 *
 * <p>Differences from the reference (§5.1): the baseline sample is kept by the caller in durable
 * state (the reference kept it in process memory and lost it on restart); a sample taken too soon
 * keeps the older baseline instead of replacing it (the reference reset its baseline, so polling
 * every 25 s never measured anything); the rate is a real number of records per second, not an
 * integer division over whole seconds; lag counts too (the docs promised it, the code ignored it);
 * and growth is capped.
 */
public final class PartitionPolicy {

  private PartitionPolicy() {}

  public static PartitionDecision decide(PartitionConfig config, TopicView t) {
    int current = t.partitions();
    Double rate = rate(config, t);
    Long lag = t.lag() == null ? null : Math.max(0, t.lag());
    if (rate == null && lag == null) {
      return noChange(config, t, current, null, null, null);
    }
    int byRate = rate == null ? 0 : (int) Math.min(Integer.MAX_VALUE, ceilDiv(rate, config));
    int byLag =
        lag == null
            ? 0
            : (int) Math.min(Integer.MAX_VALUE, ceilDiv(lag, config.maxLagPerPartition()));
    int required = Math.max(byRate, byLag);
    PartitionDecision.Reason driver =
        byLag > byRate ? PartitionDecision.Reason.LAG : PartitionDecision.Reason.RATE;
    String measured = describe(rate, lag, byRate, byLag);
    if (required <= current) {
      return PartitionDecision.noChange(
          current,
          required,
          rate,
          lag,
          PartitionDecision.Reason.ENOUGH_PARTITIONS,
          measured + ": " + current + " partitions are enough");
    }
    if (current >= config.maxPartitions()) {
      return PartitionDecision.noChange(
          current,
          required,
          rate,
          lag,
          PartitionDecision.Reason.AT_MAX_PARTITIONS,
          measured
              + " asks for "
              + required
              + " but the topic is at maxPartitions "
              + config.maxPartitions());
    }
    long sinceIncrease = t.nowMillis() - t.lastIncreaseAtMillis();
    if (t.lastIncreaseAtMillis() > 0 && sinceIncrease < config.cooldownSeconds() * 1000) {
      return PartitionDecision.noChange(
          current,
          required,
          rate,
          lag,
          PartitionDecision.Reason.COOLDOWN,
          measured
              + " asks for "
              + required
              + "; last increase "
              + sinceIncrease / 1000
              + "s ago, cooldown "
              + config.cooldownSeconds()
              + "s");
    }
    int rounded = roundUp(required, config.partitionMultiple());
    int target = Math.min(config.maxPartitions(), rounded);
    return PartitionDecision.increaseTo(
        current,
        target,
        required,
        rate,
        lag,
        driver,
        measured
            + " asks for "
            + required
            + " → "
            + target
            + " (multiple of "
            + config.partitionMultiple()
            + (target < rounded ? ", capped at maxPartitions" : "")
            + ")");
  }

  /**
   * The baseline the caller keeps after this evaluation: the new sample, unless it came too soon
   * after the old one (then the old one stays, so a fast poll still measures over a full window).
   */
  /**
   * The tenant's decisions raised for a planned event needing {@code plannedTotal} partitions over
   * all its topics: each topic's share follows its measured produce rate (equal shares while no
   * topic has a rate), rounded up to the multiple and capped; a topic whose share is more than the
   * decision grows to it (no cooldown: the event was planned). Partitions never shrink afterwards,
   * so nothing is undone when the event ends.
   *
   * @param events the events, in words, for the explanation
   */
  public static java.util.List<PartitionDecision> planned(
      PartitionConfig config,
      java.util.List<PartitionDecision> decisions,
      int plannedTotal,
      String events) {
    if (plannedTotal <= 0 || decisions.isEmpty()) {
      return decisions;
    }
    double sum =
        decisions.stream()
            .filter(d -> d.ratePerSecond() != null)
            .mapToDouble(PartitionDecision::ratePerSecond)
            .sum();
    java.util.List<PartitionDecision> out = new java.util.ArrayList<>();
    for (PartitionDecision d : decisions) {
      double share =
          sum > 0
              ? (d.ratePerSecond() == null ? 0 : d.ratePerSecond() / sum)
              : 1.0 / decisions.size();
      int wanted =
          Math.min(
              config.maxPartitions(),
              roundUp((int) Math.ceil(plannedTotal * share - 1e-9), config.partitionMultiple()));
      if (wanted > d.targetPartitions() && wanted > d.currentPartitions()) {
        out.add(
            PartitionDecision.increaseTo(
                d.currentPartitions(),
                wanted,
                wanted,
                d.ratePerSecond(),
                d.lag(),
                PartitionDecision.Reason.PLANNED_EVENT,
                String.format(
                    java.util.Locale.ROOT,
                    "%s needs %d partitions over the tenant's topics; this topic's share"
                        + " (%.0f %% of the produce rate) is %d",
                    events,
                    plannedTotal,
                    share * 100,
                    wanted)));
      } else {
        out.add(d);
      }
    }
    return out;
  }

  public static TopicSample nextBaseline(
      PartitionConfig config, TopicSample previous, TopicSample current) {
    if (previous != null
        && current.endOffsetSum() >= previous.endOffsetSum()
        && current.atMillis() - previous.atMillis() < config.minWindowSeconds() * 1000) {
      return previous;
    }
    return current;
  }

  /** Records per second between the two samples, or null when there is no usable window. */
  static Double rate(PartitionConfig config, TopicView t) {
    TopicSample p = t.previous();
    TopicSample c = t.current();
    if (p == null || c == null) {
      return null;
    }
    long windowMillis = c.atMillis() - p.atMillis();
    if (windowMillis < config.minWindowSeconds() * 1000
        || windowMillis > config.maxWindowSeconds() * 1000) {
      return null;
    }
    // end offsets only move forward; a smaller sum means the topic was recreated: no rate
    if (c.endOffsetSum() < p.endOffsetSum()) {
      return null;
    }
    return (c.endOffsetSum() - p.endOffsetSum()) * 1000.0 / windowMillis;
  }

  private static PartitionDecision noChange(
      PartitionConfig config, TopicView t, int current, Integer required, Double rate, Long lag) {
    TopicSample p = t.previous();
    if (p == null) {
      return PartitionDecision.noChange(
          current,
          required,
          rate,
          lag,
          PartitionDecision.Reason.NO_BASELINE,
          "first sample of the topic; the rate needs a second one");
    }
    long window = (t.current().atMillis() - p.atMillis()) / 1000;
    if (window < config.minWindowSeconds()) {
      return PartitionDecision.noChange(
          current,
          required,
          rate,
          lag,
          PartitionDecision.Reason.WINDOW_TOO_SHORT,
          "samples "
              + window
              + "s apart; a rate needs at least "
              + config.minWindowSeconds()
              + "s");
    }
    return PartitionDecision.noChange(
        current,
        required,
        rate,
        lag,
        PartitionDecision.Reason.WINDOW_TOO_LONG,
        "samples "
            + window
            + "s apart (more than "
            + config.maxWindowSeconds()
            + "s, or the topic was recreated); measuring again from now");
  }

  private static long ceilDiv(double rate, PartitionConfig config) {
    return (long) Math.ceil(rate / config.partitionRatePerSecond() - 1e-9);
  }

  private static long ceilDiv(long value, long by) {
    return (value + by - 1) / by;
  }

  private static int roundUp(int value, int multiple) {
    return (int) Math.min(Integer.MAX_VALUE, ((long) value + multiple - 1) / multiple * multiple);
  }

  private static String describe(Double rate, Long lag, int byRate, int byLag) {
    StringBuilder b = new StringBuilder();
    if (rate != null) {
      b.append(String.format(Locale.ROOT, "rate %.1f/s needs %d", rate, byRate));
    }
    if (lag != null) {
      b.append(b.length() > 0 ? ", " : "")
          .append("lag ")
          .append(lag)
          .append(" needs ")
          .append(byLag);
    }
    return b.toString();
  }
}
