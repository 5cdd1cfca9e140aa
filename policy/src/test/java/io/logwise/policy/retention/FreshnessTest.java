package io.logwise.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {

  @Test
  void hoursGoBackAcrossMidnightAndMonthEnds() {
    List<ZonedDateTime> hours = Freshness.hours(Instant.parse("2026-12-01T01:10:00Z"));
    assertThat(hours)
        .extracting(h -> Freshness.hourPrefix("logs", "orders", h))
        .containsExactly(
            "logs/service_name=orders/year=2026/month=12/day=01/hour=01/",
            "logs/service_name=orders/year=2026/month=12/day=01/hour=00/",
            "logs/service_name=orders/year=2026/month=11/day=30/hour=23/",
            "logs/service_name=orders/year=2026/month=11/day=30/hour=22/");
  }

  @ParameterizedTest(name = "now {0}, newest {1} minute {2} -> {3} min")
  @CsvSource({
    "2026-11-21T10:15:00Z, 2026-11-21T10:00:00Z, 12, 3",
    "2026-11-21T10:15:00Z, 2026-11-21T10:00:00Z, 15, 1", // same minute: at least 1, like the
    // reference
    "2026-11-22T00:10:00Z, 2026-11-21T23:00:00Z, 50, 20", // the reference answered 1 here
    "2027-01-01T00:05:00Z, 2026-12-31T22:00:00Z, 59, 66"
  })
  void delayIsMeasuredOnRealTime(Instant now, ZonedDateTime hour, int minute, int expected) {
    assertThat(Freshness.delayMinutes(now, hour, minute)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void impossibleMinutesAreIgnoredNotReadAsFresh() {
    assertThat(Freshness.minuteOf("07/")).isEqualTo(7);
    assertThat(Freshness.minuteOf("59/")).isEqualTo(59);
    assertThat(Freshness.minuteOf("75/")).isEqualTo(-1);
    assertThat(Freshness.minuteOf("xx/")).isEqualTo(-1);
    assertThat(Freshness.minuteOf("/")).isEqualTo(-1);
    assertThat(Freshness.minuteOf("123/")).isEqualTo(-1);
  }

  @org.junit.jupiter.api.Test
  void servicesUnderAnEnvironmentAreLookedForThere() {
    ZonedDateTime hour = ZonedDateTime.parse("2026-11-21T10:00:00Z");
    assertThat(Freshness.hourPrefix("logs", "cart", "prod", hour))
        .isEqualTo("logs/env=prod/service_name=cart/year=2026/month=11/day=21/hour=10/");
    assertThat(Freshness.hourPrefix("logs", "cart", "", hour))
        .isEqualTo("logs/service_name=cart/year=2026/month=11/day=21/hour=10/");
  }
}
