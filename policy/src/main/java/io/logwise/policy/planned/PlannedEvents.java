package io.logwise.policy.planned;

import io.logwise.policy.vector.VectorPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Planned events, pure: what an event must be to be accepted, which events hold the pipeline up at
 * a moment, the capacity each part needs for them, and when that next changes.
 *
 * <p>An event holds from {@code leadTime} before it starts until it ends. While events overlap the
 * largest expected peak counts (they share the same pipeline; the busiest minute decides). Every
 * part is sized for {@link #HEADROOM} × the peak: Vector from the capacity its instances were
 * measured to carry (else the configured one), Spark workers from the scaling config's per-core
 * rate, Kafka partitions from the partition-growth rate per partition.
 */
public final class PlannedEvents {

  private PlannedEvents() {}

  /** Capacity is planned for 150 % of the expected peak (the seed's rule for Vector). */
  public static final double HEADROOM = 1.5;

  public static final long MIN_LEAD_MILLIS = 30 * 60_000L;
  public static final long MAX_LEAD_MILLIS = 60 * 60_000L;
  public static final long DEFAULT_LEAD_MILLIS = 45 * 60_000L;

  /** An event lasts at most a week. */
  public static final long MAX_DURATION_MILLIS = 7 * 24 * 3_600_000L;

  /** And starts within a year. */
  public static final long MAX_AHEAD_MILLIS = 366 * 24 * 3_600_000L;

  public static final long MAX_PEAK_LOGS_PER_SECOND = 100_000_000L;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** A planned event; times are epoch milliseconds. */
  public record Event(
      String name, long startsAtMillis, long endsAtMillis, long expectedPeakLogsPerSecond) {

    /** Whether it holds the pipeline up at {@code now}, given the lead time. */
    public boolean holdsAt(long now, long leadMillis) {
      return startsAtMillis - leadMillis <= now && now < endsAtMillis;
    }

    public boolean endedBy(long now) {
      return now >= endsAtMillis;
    }
  }

  /**
   * Capacities the floors are sized from.
   *
   * @param vectorLogsPerSecondPerInstance what one Vector instance carries when nothing was
   *     measured
   * @param sparkRecordsPerSecondPerWorker what one Spark worker processes
   * @param kafkaRatePerPartition produce rate one partition should carry
   * @param partitionMultiple partition counts are rounded up to a multiple of this
   */
  public record Capacities(
      long vectorLogsPerSecondPerInstance,
      long sparkRecordsPerSecondPerWorker,
      long kafkaRatePerPartition,
      int partitionMultiple) {

    public List<String> problems() {
      List<String> p = new ArrayList<>();
      if (vectorLogsPerSecondPerInstance < 1) {
        p.add("vectorLogsPerSecondPerInstance must be at least 1");
      }
      if (sparkRecordsPerSecondPerWorker < 1) {
        p.add("sparkRecordsPerSecondPerWorker must be at least 1");
      }
      if (kafkaRatePerPartition < 1) {
        p.add("kafkaRatePerPartition must be at least 1");
      }
      if (partitionMultiple < 1) {
        p.add("partitionMultiple must be at least 1");
      }
      return p;
    }
  }

  /** What the pipeline is held at; all zero when no event holds. */
  public record Floors(
      long peakLogsPerSecond,
      int vectorInstances,
      int sparkWorkers,
      int kafkaPartitions,
      long untilMillis,
      List<String> events) {

    public static final Floors NONE = new Floors(0, 0, 0, 0, 0, List.of());

    public Floors {
      events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean holds() {
      return peakLogsPerSecond > 0;
    }
  }

  /** Every problem with {@code e} planned at {@code now}, each naming its field; empty when ok. */
  public static List<String> problems(Event e, long now) {
    List<String> p = new ArrayList<>();
    if (e.name() == null || e.name().isBlank()) {
      p.add("name is required");
    } else if (!NAME.matcher(e.name()).matches()) {
      p.add("name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (e.startsAtMillis() < now) {
      p.add("startsAt is in the past");
    } else if (e.startsAtMillis() - now > MAX_AHEAD_MILLIS) {
      p.add("startsAt is more than a year ahead");
    }
    if (e.endsAtMillis() <= e.startsAtMillis()) {
      p.add("endsAt must be after startsAt");
    } else if (e.endsAtMillis() - e.startsAtMillis() > MAX_DURATION_MILLIS) {
      p.add("the event lasts longer than 7 days (endsAt - startsAt)");
    }
    if (e.expectedPeakLogsPerSecond() < 1) {
      p.add("expectedPeakLogsPerSecond must be at least 1");
    } else if (e.expectedPeakLogsPerSecond() > MAX_PEAK_LOGS_PER_SECOND) {
      p.add("expectedPeakLogsPerSecond must be at most " + MAX_PEAK_LOGS_PER_SECOND);
    }
    return p;
  }

  /** The lead time's problem, or null. */
  public static String leadProblem(long leadMillis) {
    return leadMillis < MIN_LEAD_MILLIS || leadMillis > MAX_LEAD_MILLIS
        ? "leadTime must be between 30 and 60 minutes"
        : null;
  }

  /** The floors the events holding at {@code now} ask for (the largest peak among them). */
  public static Floors floors(List<Event> events, long now, long leadMillis, Capacities c) {
    long peak = 0;
    long until = 0;
    List<String> names = new ArrayList<>();
    for (Event e : events) {
      if (e.holdsAt(now, leadMillis)) {
        peak = Math.max(peak, e.expectedPeakLogsPerSecond());
        until = Math.max(until, e.endsAtMillis());
        names.add(e.name());
      }
    }
    return peak == 0 ? Floors.NONE : sized(peak, until, names, c);
  }

  /** The floors for one peak (the event's own plan, before it holds). */
  public static Floors sized(long peak, long until, List<String> names, Capacities c) {
    double planned = peak * HEADROOM;
    int partitions = ceil(planned, c.kafkaRatePerPartition());
    partitions =
        ((partitions + c.partitionMultiple() - 1) / c.partitionMultiple()) * c.partitionMultiple();
    return new Floors(
        peak,
        ceil(planned, c.vectorLogsPerSecondPerInstance()),
        ceil(planned, c.sparkRecordsPerSecondPerWorker()),
        partitions,
        until,
        names);
  }

  /** When the floors next change after {@code now} (an event's lead or end), or 0 for never. */
  public static long nextChange(List<Event> events, long now, long leadMillis) {
    long next = Long.MAX_VALUE;
    for (Event e : events) {
      long lead = e.startsAtMillis() - leadMillis;
      if (lead > now) {
        next = Math.min(next, lead);
      }
      if (e.endsAtMillis() > now) {
        next = Math.min(next, e.endsAtMillis());
      }
    }
    return next == Long.MAX_VALUE ? 0 : next;
  }

  /**
   * Vector instances for {@code plannedLogsPerSecond} (already with headroom): from what the
   * instances were measured to carry — each minute's logs in per instance, scaled from its CPU to
   * the high-CPU threshold — when some minute ran at 20 % CPU or more; else from {@code
   * fallbackPerInstance}.
   */
  public static int vectorInstances(
      double plannedLogsPerSecond,
      List<VectorPolicy.Sample> window,
      VectorPolicy.Rules rules,
      long fallbackPerInstance) {
    Double measured = measuredPerInstance(window, rules);
    double perInstance = measured != null ? measured : fallbackPerInstance;
    return ceil(plannedLogsPerSecond, perInstance);
  }

  /** Logs per second one instance carries at the high-CPU threshold, as measured; else null. */
  public static Double measuredPerInstance(
      List<VectorPolicy.Sample> window, VectorPolicy.Rules rules) {
    double sum = 0;
    int n = 0;
    for (VectorPolicy.Sample s : window) {
      if (s.cpuUtilisation() != null
          && s.cpuUtilisation() >= 0.2
          && s.logsInPerSecond() != null
          && s.logsInPerSecond() > 0
          && s.instances() != null
          && s.instances() > 0) {
        sum += s.logsInPerSecond() / s.instances() / s.cpuUtilisation() * rules.highCpu();
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  private static int ceil(double value, double per) {
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(value / per));
  }
}
