package io.logwise.policy.vector;

import java.util.List;

/**
 * Vector's instance count from a minute-by-minute window of its metrics (the seed's rules): average
 * CPU above 70 % for 5 minutes → one more; below 40 % for 15 minutes → one fewer; more than 1,000
 * pending requests → one more; nothing within the cooldown of the last action; never outside
 * min/max, never below a planned event's floor (and straight up to it). A minute whose metrics are
 * missing counts as neither high nor low — it breaks a streak — and the decision says so.
 */
public final class VectorPolicy {

  private VectorPolicy() {}

  /** One minute of Vector, averaged over its instances; a null field was not measured. */
  public record Sample(
      long atMillis,
      Double cpuUtilisation,
      Double memoryBytes,
      Double logsInPerSecond,
      Double pendingRequests,
      Integer instances) {

    boolean hasCpu() {
      return cpuUtilisation != null && !cpuUtilisation.isNaN();
    }
  }

  /** The knobs, with the seed's values in {@link #DEFAULTS}. */
  public record Rules(
      double highCpu,
      int highMinutes,
      double lowCpu,
      int lowMinutes,
      double pendingHigh,
      long cooldownMillis,
      int minInstances,
      int maxInstances) {

    public static final Rules DEFAULTS = new Rules(0.70, 5, 0.40, 15, 1_000, 5 * 60_000L, 1, 10);

    /** These thresholds with another cooldown and instance bounds (what configuration sets). */
    public Rules bounded(long cooldownMillis, int minInstances, int maxInstances) {
      return new Rules(
          highCpu,
          highMinutes,
          lowCpu,
          lowMinutes,
          pendingHigh,
          cooldownMillis,
          minInstances,
          maxInstances);
    }

    /** Every problem, by name; empty when usable. */
    public List<String> problems() {
      List<String> p = new java.util.ArrayList<>();
      if (!(highCpu > 0 && highCpu <= 1)) {
        p.add("highCpu must be in (0, 1]");
      }
      if (!(lowCpu >= 0 && lowCpu < highCpu)) {
        p.add("lowCpu must be in [0, highCpu)");
      }
      if (highMinutes < 1 || lowMinutes < 1) {
        p.add("highMinutes and lowMinutes must be at least 1");
      }
      if (!(pendingHigh > 0)) {
        p.add("pendingHigh must be positive");
      }
      if (cooldownMillis < 0) {
        p.add("cooldown must not be negative");
      }
      if (minInstances < 1 || maxInstances < minInstances) {
        p.add("instances must satisfy 1 <= min <= max");
      }
      return p;
    }
  }

  /** Why, as a code. */
  public enum Why {
    PENDING_HIGH,
    CPU_HIGH,
    CPU_LOW,
    FLOOR,
    AT_MAX,
    AT_MIN,
    HELD_BY_FLOOR,
    COOLDOWN,
    STEADY,
    NO_METRICS
  }

  /** What to do: the instance count wanted, why, in words too. */
  public record Decision(int currentInstances, int targetInstances, Why why, String reason) {
    public boolean changes() {
      return targetInstances != currentInstances;
    }
  }

  /**
   * @param window the newest minutes, oldest first (at most what the longest rule needs is read)
   * @param current instances running now
   * @param floor a planned event's floor, or 0
   * @param lastActionAtMillis when the last scale happened, or 0
   */
  public static Decision decide(
      List<Sample> window, int current, int floor, long lastActionAtMillis, long now, Rules r) {
    int min = Math.max(r.minInstances(), Math.min(floor, r.maxInstances()));
    if (current < min) {
      return new Decision(
          current,
          min,
          floor > r.minInstances() ? Why.FLOOR : Why.AT_MIN,
          floor > r.minInstances()
              ? "a planned event holds at least " + min + " instances"
              : "below the minimum of " + r.minInstances());
    }
    if (current > r.maxInstances()) {
      return new Decision(
          current, r.maxInstances(), Why.AT_MAX, "above the maximum of " + r.maxInstances());
    }
    if (window.isEmpty()) {
      return new Decision(current, current, Why.NO_METRICS, "no metrics yet");
    }
    boolean cooling = lastActionAtMillis > 0 && now - lastActionAtMillis < r.cooldownMillis();
    Sample newest = window.get(window.size() - 1);
    int missingHigh = missing(window, r.highMinutes());
    int missingLow = missing(window, r.lowMinutes());
    String gaps =
        missingLow == 0
            ? ""
            : " ("
                + missingLow
                + " of the last "
                + r.lowMinutes()
                + " minutes had no CPU metrics:"
                + " counted neither high nor low)";

    Why up = null;
    String upReason = null;
    if (newest.pendingRequests() != null && newest.pendingRequests() > r.pendingHigh()) {
      up = Why.PENDING_HIGH;
      upReason =
          String.format(
              "%.0f pending requests, more than %.0f", newest.pendingRequests(), r.pendingHigh());
    } else if (streak(window, r.highMinutes(), s -> s.cpuUtilisation() > r.highCpu())) {
      up = Why.CPU_HIGH;
      upReason =
          String.format(
              "CPU above %.0f %% for %d minutes (now %.0f %%)",
              r.highCpu() * 100, r.highMinutes(), newest.cpuUtilisation() * 100);
    }
    if (up != null) {
      if (current >= r.maxInstances()) {
        return new Decision(
            current,
            current,
            Why.AT_MAX,
            upReason + "; already at the maximum of " + r.maxInstances());
      }
      if (cooling) {
        return new Decision(
            current, current, Why.COOLDOWN, upReason + "; in the cooldown of the last action");
      }
      return new Decision(current, current + 1, up, upReason + ": add one");
    }
    if (streak(window, r.lowMinutes(), s -> s.cpuUtilisation() < r.lowCpu())) {
      String lowReason =
          String.format("CPU below %.0f %% for %d minutes", r.lowCpu() * 100, r.lowMinutes());
      if (current <= min) {
        return new Decision(
            current,
            current,
            floor >= current && floor > r.minInstances() ? Why.HELD_BY_FLOOR : Why.AT_MIN,
            lowReason
                + (floor >= current && floor > r.minInstances()
                    ? "; a planned event holds " + min
                    : "; already at the minimum of " + r.minInstances()));
      }
      if (cooling) {
        return new Decision(
            current, current, Why.COOLDOWN, lowReason + "; in the cooldown of the last action");
      }
      return new Decision(current, current - 1, Why.CPU_LOW, lowReason + ": remove one");
    }
    if (!newest.hasCpu() && missingHigh == Math.min(r.highMinutes(), window.size())) {
      return new Decision(
          current,
          current,
          Why.NO_METRICS,
          "no CPU metrics for the last " + missingHigh + " minutes");
    }
    return new Decision(current, current, Why.STEADY, "CPU between the thresholds" + gaps);
  }

  /** Whether each of the newest {@code minutes} samples exists, has CPU and passes {@code test}. */
  private static boolean streak(
      List<Sample> window, int minutes, java.util.function.Predicate<Sample> test) {
    if (window.size() < minutes) {
      return false;
    }
    for (int i = window.size() - minutes; i < window.size(); i++) {
      Sample s = window.get(i);
      if (!s.hasCpu() || !test.test(s)) {
        return false;
      }
    }
    return true;
  }

  private static int missing(List<Sample> window, int minutes) {
    int n = 0;
    for (int i = Math.max(0, window.size() - minutes); i < window.size(); i++) {
      if (!window.get(i).hasCpu()) {
        n++;
      }
    }
    return n;
  }
}
