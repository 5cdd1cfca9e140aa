package io.logwise.policy.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How fresh a service's logs in S3 are: the minutes between now and the newest {@code minute=}
 * partition in the last hours, newest hour first, in UTC. Fixes the reference's first-responder
 * race (it took whichever hour's listing answered first), its midnight bug (23:50 seen at 00:10
 * gave 1 minute instead of 20) and its local-time-zone hour match.
 */
public final class Freshness {

  /** The reference's answer when nothing is found in the window (3 × 60). */
  public static final int NOTHING_FOUND_MINUTES = 180;

  /** Hours looked at: the current one and three before it, like the reference. */
  public static final int HOURS = 4;

  private Freshness() {}

  /** Hour starts, newest first. */
  public static List<ZonedDateTime> hours(Instant now) {
    ZonedDateTime hour = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    List<ZonedDateTime> out = new ArrayList<>();
    for (int i = 0; i < HOURS; i++) {
      out.add(hour.minusHours(i));
    }
    return out;
  }

  /** {@code <logs>/service_name=<s>/year=YYYY/month=MM/day=DD/hour=HH/}. */
  public static String hourPrefix(String logsPrefix, String service, ZonedDateTime hour) {
    return hourPrefix(logsPrefix, service, "", hour);
  }

  /** {@code <logs>/[env=<e>/]service_name=<s>/year=YYYY/month=MM/day=DD/hour=HH/}. */
  public static String hourPrefix(
      String logsPrefix, String service, String environment, ZonedDateTime hour) {
    String env = environment == null || environment.isEmpty() ? "" : "env=" + environment + "/";
    return String.format(
        "%s/%sservice_name=%s/year=%04d/month=%02d/day=%02d/hour=%02d/",
        logsPrefix,
        env,
        service,
        hour.getYear(),
        hour.getMonthValue(),
        hour.getDayOfMonth(),
        hour.getHour());
  }

  /**
   * The minute of a {@code minute=<mm>/} partition segment, or -1 when it is not a real minute
   * ({@code minute=75}, {@code minute=xx}, {@code minute=}): such a partition is ignored instead of
   * hiding real lag (the reference read {@code minute=75} as fresh).
   */
  public static int minuteOf(String segment) {
    String m = segment.endsWith("/") ? segment.substring(0, segment.length() - 1) : segment;
    if (!m.matches("\\d{1,2}")) {
      return -1;
    }
    int minute = Integer.parseInt(m);
    return minute <= 59 ? minute : -1;
  }

  /** Minutes from the start of {@code minute} in {@code hour} to now, at least 1. */
  public static int delayMinutes(Instant now, ZonedDateTime hour, int minute) {
    Instant newest = hour.plusMinutes(minute).toInstant();
    return (int) Math.max(1, Duration.between(newest, now).toMinutes());
  }
}
