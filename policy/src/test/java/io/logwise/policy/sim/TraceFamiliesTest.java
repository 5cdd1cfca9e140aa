package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TraceFamiliesTest {

  @Test
  void theSameSeedGivesTheSameTraceAndAnotherSeedAnother() {
    for (String family : TraceFamilies.FAMILIES) {
      Trace a = TraceFamilies.generate(family, 7);
      Trace b = TraceFamilies.generate(family, 7);
      Trace c = TraceFamilies.generate(family, 8);
      assertThat(a.recordsPerSecond()).as(family).isEqualTo(b.recordsPerSecond());
      assertThat(a.description()).as(family).isEqualTo(b.description());
      assertThat(a.recordsPerSecond()).as(family).isNotEqualTo(c.recordsPerSecond());
    }
  }

  @Test
  void everyTraceIsTwoDaysOfPositiveRatesWithinTheTraceFormatsRange() {
    for (long seed = 1; seed <= 110; seed++) {
      Trace t = TraceFamilies.forSeed(seed);
      assertThat(t.minutes()).isEqualTo(TraceFamilies.MINUTES);
      assertThat(Arrays.stream(t.recordsPerSecond()).min().orElseThrow())
          .as(t.name())
          .isGreaterThanOrEqualTo(0);
      assertThat(t.peak()).as(t.name()).isBetween(20_000, 100_000_000);
      assertThat(t.description()).isNotBlank();
    }
  }

  @Test
  void seedsCycleThroughTheFamilies() {
    for (int i = 0; i < TraceFamilies.FAMILIES.size(); i++) {
      assertThat(TraceFamilies.forSeed(1000 + i).name())
          .startsWith(TraceFamilies.FAMILIES.get((1000 + i) % TraceFamilies.FAMILIES.size()));
    }
  }

  @Test
  void anOutageHoldsRecordsBackAndTheFlushSendsThemLater() {
    Trace t = TraceFamilies.generate("outage-flush", 3);
    int[] r = t.recordsPerSecond();
    int lowest = Arrays.stream(r, 120, r.length - 600).min().orElseThrow();
    assertThat(lowest).as("producers down: at most 5 %% gets through").isLessThan(r[0] / 4);
    assertThat(t.peak()).as("the flush runs above the day's own peak").isGreaterThan(2 * r[0]);
  }

  @Test
  void anUnknownFamilyIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> TraceFamilies.generate("tsunami", 1))
        .hasMessageContaining("unknown family 'tsunami'")
        .hasMessageContaining("outage-flush");
  }
}
