package io.logwise.policy.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Traffic traces generated from named families with a seed, so a policy is judged on traffic it was
 * not tuned on (docs/scaling.md, "Traces from families"). Every trace is two days, one value a
 * minute; the same family and seed give the same trace. Each family draws its parameters from the
 * ranges written beside it; {@code base} (records per second at the quiet level) is drawn from
 * 20,000–200,000 for every family.
 */
public final class TraceFamilies {

  private TraceFamilies() {}

  /** Minutes in every generated trace: two days. */
  public static final int MINUTES = 2 * 1440;

  /** Every family, in the order {@link #forSeed} cycles through them. */
  public static final List<String> FAMILIES =
      List.of(
          "diurnal",
          "weekly",
          "step",
          "staircase",
          "ramp",
          "flash-crowd",
          "sawtooth",
          "on-off",
          "jitter",
          "outage-flush",
          "mixture");

  /** The family for {@code seed}: seeds cycle through {@link #FAMILIES}. */
  public static Trace forSeed(long seed) {
    return generate(FAMILIES.get((int) Math.floorMod(seed, (long) FAMILIES.size())), seed);
  }

  /** The trace of {@code family} for {@code seed}. */
  public static Trace generate(String family, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + family.hashCode());
    double base = uniform(r, 20_000, 200_000);
    double[] rate = new double[MINUTES];
    String what = fill(family, r, base, rate);
    int[] values = new int[MINUTES];
    for (int m = 0; m < MINUTES; m++) {
      values[m] = (int) Math.max(0, Math.min(100_000_000, Math.round(rate[m])));
    }
    return new Trace(family + "-" + seed, what, values);
  }

  private static double uniform(SplittableRandom r, double from, double to) {
    return from + r.nextDouble() * (to - from);
  }

  private static int uniformInt(SplittableRandom r, int from, int to) {
    return from + r.nextInt(to - from + 1);
  }

  /** A day's shape: one peak (hour 9–15), peak/trough 2–6, ±0–10 % noise a minute. */
  private static String diurnal(SplittableRandom r, double base, double[] rate) {
    double ratio = uniform(r, 2, 6);
    double peakHour = uniform(r, 9, 15);
    double noise = uniform(r, 0, 0.10);
    for (int m = 0; m < rate.length; m++) {
      rate[m] = base * day(m, peakHour, ratio) * (1 + noise * (2 * r.nextDouble() - 1));
    }
    return String.format(
        java.util.Locale.ROOT,
        "diurnal: peak ×%.1f at %.0fh, noise ±%.0f%%",
        ratio,
        peakHour,
        noise * 100);
  }

  /** 1 at the trough, {@code ratio} at {@code peakHour}, a cosine between. */
  private static double day(int minute, double peakHour, double ratio) {
    double hours = (minute % 1440) / 60.0;
    double phase = Math.cos(2 * Math.PI * (hours - peakHour) / 24);
    return 1 + (ratio - 1) * (phase + 1) / 2;
  }

  /** A weekday then a weekend day or a holiday at 0.2–0.6 of it; ±5 % noise. */
  private static String weekly(SplittableRandom r, double base, double[] rate) {
    double ratio = uniform(r, 2, 5);
    double quiet = uniform(r, 0.2, 0.6);
    boolean weekendFirst = r.nextBoolean();
    for (int m = 0; m < rate.length; m++) {
      boolean quietDay = (m / 1440 == 0) == weekendFirst;
      rate[m] =
          base
              * day(m, 13, quietDay ? 1 + (ratio - 1) * quiet : ratio)
              * (1 + 0.05 * (2 * r.nextDouble() - 1));
    }
    return String.format(
        java.util.Locale.ROOT,
        "weekly: weekday peak ×%.1f, %s day at %.0f%%",
        ratio,
        weekendFirst ? "a quiet first" : "a quiet second",
        quiet * 100);
  }

  /** Steps up or down by ×0.2–×8 at 1–4 random times. */
  private static String step(SplittableRandom r, double base, double[] rate) {
    int steps = uniformInt(r, 1, 4);
    double level = base;
    int next = uniformInt(r, 120, MINUTES / (steps + 1));
    for (int m = 0, done = 0; m < rate.length; m++) {
      if (m == next && done < steps) {
        level =
            Math.max(
                base * 0.1, level * (r.nextBoolean() ? uniform(r, 1.5, 8) : uniform(r, 0.2, 0.7)));
        done++;
        next = m + uniformInt(r, 60, MINUTES / (steps + 1));
      }
      rate[m] = level;
    }
    return steps + " steps up or down";
  }

  /** 3–10 equal steps up over 2–24 hours, held, then back down at once. */
  private static String staircase(SplittableRandom r, double base, double[] rate) {
    int steps = uniformInt(r, 3, 10);
    int over = uniformInt(r, 120, 1440);
    double top = uniform(r, 2, 8);
    int start = uniformInt(r, 60, 600);
    int end = Math.min(MINUTES - 60, start + over + uniformInt(r, 60, 720));
    for (int m = 0; m < rate.length; m++) {
      double level = 1;
      if (m >= start && m < end) {
        int step = Math.min(steps, 1 + (m - start) * steps / over);
        level = 1 + (top - 1) * step / steps;
      }
      rate[m] = base * level;
    }
    return String.format(java.util.Locale.ROOT, "staircase: %d steps to ×%.1f", steps, top);
  }

  /** A ramp to ×1.5–×6 over 1–48 hours (slow growth at the long end), ±3 % noise. */
  private static String ramp(SplittableRandom r, double base, double[] rate) {
    double top = uniform(r, 1.5, 6);
    int over = uniformInt(r, 60, MINUTES - 120);
    int start = uniformInt(r, 30, MINUTES - over - 30);
    for (int m = 0; m < rate.length; m++) {
      double f = Math.max(0, Math.min(1, (m - start) / (double) over));
      rate[m] = base * (1 + (top - 1) * f) * (1 + 0.03 * (2 * r.nextDouble() - 1));
    }
    return String.format(java.util.Locale.ROOT, "ramp to ×%.1f over %d min", top, over);
  }

  /** 1–3 spikes to ×3–×15 rising in 1–10 min, decaying with a half-life of 5–120 min. */
  private static String flashCrowd(SplittableRandom r, double base, double[] rate) {
    int spikes = uniformInt(r, 1, 3);
    java.util.Arrays.fill(rate, base);
    for (int s = 0; s < spikes; s++) {
      int at = uniformInt(r, 60, MINUTES - 240);
      double height = uniform(r, 3, 15) - 1;
      int rise = uniformInt(r, 1, 10);
      double halfLife = uniform(r, 5, 120);
      for (int m = at; m < rate.length; m++) {
        double f =
            m < at + rise
                ? (m - at + 1) / (double) rise
                : Math.pow(0.5, (m - at - rise) / halfLife);
        rate[m] += base * height * f;
      }
    }
    return spikes + " flash crowd(s) with long tails";
  }

  /** Bursts to ×2–×10 every 30–240 min lasting 10–60 % of the period (duty cycle). */
  private static String sawtooth(SplittableRandom r, double base, double[] rate) {
    int period = uniformInt(r, 30, 240);
    double duty = uniform(r, 0.1, 0.6);
    double height = uniform(r, 2, 10);
    int phase = uniformInt(r, 0, period - 1);
    for (int m = 0; m < rate.length; m++) {
      double in = ((m + phase) % period) / (double) period;
      rate[m] = in < duty ? base * (1 + (height - 1) * (1 - in / duty)) : base;
    }
    return String.format(
        java.util.Locale.ROOT,
        "sawtooth: ×%.1f every %d min, %.0f%% of it",
        height,
        period,
        duty * 100);
  }

  /** Random bursts: on for 5–90 min at ×2–×8, off for 10–240 min. */
  private static String onOff(SplittableRandom r, double base, double[] rate) {
    double height = uniform(r, 2, 8);
    int m = 0;
    boolean on = r.nextBoolean();
    while (m < rate.length) {
      int len = on ? uniformInt(r, 5, 90) : uniformInt(r, 10, 240);
      for (int i = m; i < Math.min(rate.length, m + len); i++) {
        rate[i] = on ? base * height : base;
      }
      m += len;
      on = !on;
    }
    return String.format(java.util.Locale.ROOT, "on/off bursts at ×%.1f", height);
  }

  /** ±10–40 % minute-to-minute jitter around a steady level. */
  private static String jitter(SplittableRandom r, double base, double[] rate) {
    double amount = uniform(r, 0.10, 0.40);
    for (int m = 0; m < rate.length; m++) {
      rate[m] = base * (1 + amount * (2 * r.nextDouble() - 1));
    }
    return String.format(java.util.Locale.ROOT, "jitter ±%.0f%%", amount * 100);
  }

  /**
   * Producers down for 10–180 min (0–5 % gets through), then flushing their buffers at ×2–×6 until
   * what was held back is sent; a diurnal day underneath (peak ×2–4).
   */
  private static String outageFlush(SplittableRandom r, double base, double[] rate) {
    double ratio = uniform(r, 2, 4);
    for (int m = 0; m < rate.length; m++) {
      rate[m] = base * day(m, 13, ratio);
    }
    int outages = uniformInt(r, 1, 2);
    StringBuilder what = new StringBuilder("producer outage then flush:");
    for (int o = 0; o < outages; o++) {
      int at = uniformInt(r, 120, MINUTES - 600);
      int down = uniformInt(r, 10, 180);
      double through = uniform(r, 0, 0.05);
      double k = uniform(r, 2, 6);
      double held = 0;
      for (int m = at; m < at + down; m++) {
        held += rate[m] * (1 - through);
        rate[m] *= through;
      }
      for (int m = at + down; m < rate.length && held > 0; m++) {
        double extra = Math.min(held, rate[m] * (k - 1));
        rate[m] += extra;
        held -= extra;
      }
      what.append(String.format(java.util.Locale.ROOT, " %d min at ×%.1f;", down, k));
    }
    return what.toString();
  }

  /** Two other families' shapes multiplied (each normalised to its base). */
  private static String mixture(SplittableRandom r, double base, double[] rate) {
    List<String> others = FAMILIES.subList(0, FAMILIES.size() - 1);
    String a = others.get(r.nextInt(others.size()));
    String b = others.get(r.nextInt(others.size()));
    double[] x = new double[MINUTES];
    double[] y = new double[MINUTES];
    long seed = r.nextLong();
    SplittableRandom ra = new SplittableRandom(seed);
    SplittableRandom rb = new SplittableRandom(seed + 1);
    String drawnA = fill(a, ra, 1, x);
    String drawnB = fill(b, rb, 1, y);
    for (int m = 0; m < rate.length; m++) {
      rate[m] = base * x[m] * y[m];
    }
    return "mixture of " + drawnA + " and " + drawnB;
  }

  /** Fills {@code rate} with {@code family} at {@code base}; returns what it drew. */
  private static String fill(String family, SplittableRandom r, double base, double[] rate) {
    return switch (family) {
      case "diurnal" -> diurnal(r, base, rate);
      case "weekly" -> weekly(r, base, rate);
      case "step" -> step(r, base, rate);
      case "staircase" -> staircase(r, base, rate);
      case "ramp" -> ramp(r, base, rate);
      case "flash-crowd" -> flashCrowd(r, base, rate);
      case "sawtooth" -> sawtooth(r, base, rate);
      case "on-off" -> onOff(r, base, rate);
      case "jitter" -> jitter(r, base, rate);
      case "outage-flush" -> outageFlush(r, base, rate);
      case "mixture" -> mixture(r, base, rate);
      default ->
          throw new IllegalArgumentException(
              "unknown family '" + family + "' (known: " + String.join(", ", FAMILIES) + ")");
    };
  }
}
