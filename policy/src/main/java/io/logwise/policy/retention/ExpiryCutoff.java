package io.logwise.policy.retention;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which time partitions of a service are past its retention, for the expiry sweep. A partition
 * ({@code year=}, {@code month=}, {@code day=}, {@code hour=}, UTC, as the Spark job writes them)
 * is expired when its <em>end</em> is at or before {@code now − retention}: everything in it is
 * older than the retention, so nothing is deleted early; the sweep goes down to hours on the
 * boundary day, so nothing is kept more than an hour (plus the sync interval) past it. A partition
 * value that is not a valid date part ({@code month=13}, {@code day=xx}) is never expired.
 */
public final class ExpiryCutoff {

  private static final Pattern VALUE = Pattern.compile("([a-z]+)=(\\d{1,4})/?$");

  private final Instant cutoff;

  private ExpiryCutoff(Instant cutoff) {
    this.cutoff = cutoff;
  }

  public static ExpiryCutoff of(Instant now, int retentionDays) {
    return new ExpiryCutoff(now.minus(Duration.ofDays(retentionDays)));
  }

  public Instant cutoff() {
    return cutoff;
  }

  /** The value of a {@code <name>=<digits>/} prefix segment, or empty when it is not one. */
  public static OptionalInt value(String segment, String name) {
    Matcher m = VALUE.matcher(segment);
    if (!m.find() || !m.group(1).equals(name)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(m.group(2)));
  }

  /** Whether anything in this year may be past the cutoff (so its months are worth listing). */
  public boolean mayHoldExpired(int year) {
    return start(year, 1, 1) != null && start(year, 1, 1).isBefore(cutoff);
  }

  public boolean mayHoldExpired(int year, int month) {
    Instant start = start(year, month, 1);
    return start != null && start.isBefore(cutoff);
  }

  /** The whole day is past the cutoff. */
  public boolean dayExpired(int year, int month, int day) {
    Instant start = start(year, month, day);
    return start != null && !start.plus(Duration.ofDays(1)).isAfter(cutoff);
  }

  /** Part of the day is past the cutoff: its hours are worth looking at. */
  public boolean dayStraddles(int year, int month, int day) {
    Instant start = start(year, month, day);
    return start != null && start.isBefore(cutoff) && !dayExpired(year, month, day);
  }

  public boolean hourExpired(int year, int month, int day, int hour) {
    Instant start = start(year, month, day);
    if (start == null || hour < 0 || hour > 23) {
      return false;
    }
    return !start.plus(Duration.ofHours(hour + 1L)).isAfter(cutoff);
  }

  private static Instant start(int year, int month, int day) {
    try {
      return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }
}
