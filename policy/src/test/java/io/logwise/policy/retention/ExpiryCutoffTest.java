package io.logwise.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryCutoffTest {

  // retention 7 days at 2026-12-01T10:30Z: everything before 2026-11-24T10:30Z is past it
  private final ExpiryCutoff cutoff = ExpiryCutoff.of(Instant.parse("2026-12-01T10:30:00Z"), 7);

  @Test
  void aDayIsExpiredOnlyWhenItsLastHourIsPastTheRetention() {
    assertThat(cutoff.dayExpired(2026, 11, 23)).isTrue();
    assertThat(cutoff.dayExpired(2026, 11, 24)).as("ends after the cutoff").isFalse();
    assertThat(cutoff.dayStraddles(2026, 11, 24)).isTrue();
    assertThat(cutoff.dayStraddles(2026, 11, 25)).isFalse();
    assertThat(cutoff.dayExpired(2026, 11, 25)).isFalse();
  }

  @Test
  void onTheBoundaryDayOnlyHoursThatEndedBeforeTheCutoffGo() {
    assertThat(cutoff.hourExpired(2026, 11, 24, 9)).as("ends 10:00").isTrue();
    assertThat(cutoff.hourExpired(2026, 11, 24, 10)).as("ends 11:00").isFalse();
    assertThat(cutoff.hourExpired(2026, 11, 24, 23)).isFalse();
  }

  @Test
  void yearsAndMonthsAreListedOnlyWhenTheyMayHoldSomethingExpired() {
    assertThat(cutoff.mayHoldExpired(2026)).isTrue();
    assertThat(cutoff.mayHoldExpired(2027)).isFalse();
    assertThat(cutoff.mayHoldExpired(2026, 11)).isTrue();
    assertThat(cutoff.mayHoldExpired(2026, 12)).isFalse();
  }

  @Test
  void impossiblePartitionValuesAreNeverExpired() {
    assertThat(cutoff.dayExpired(2026, 13, 1)).isFalse();
    assertThat(cutoff.dayExpired(2026, 2, 30)).isFalse();
    assertThat(cutoff.hourExpired(2020, 1, 1, 24)).isFalse();
    assertThat(cutoff.mayHoldExpired(2026, 0)).isFalse();
    assertThat(ExpiryCutoff.value("logs/service_name=a/year=2026/", "year")).hasValue(2026);
    assertThat(ExpiryCutoff.value("logs/service_name=a/year=xx/", "year")).isEmpty();
    assertThat(ExpiryCutoff.value("logs/service_name=a/month=11/", "year")).isEmpty();
  }
}
