package io.logwise.policy.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.vector.VectorPolicy.Decision;
import io.logwise.policy.vector.VectorPolicy.Rules;
import io.logwise.policy.vector.VectorPolicy.Sample;
import io.logwise.policy.vector.VectorPolicy.Why;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorPolicyTest {

  private static final long MINUTE = 60_000;
  private static final long NOW = 100 * MINUTE;

  /** One sample a minute ending now, with these CPU values (null = no metrics that minute). */
  private static List<Sample> cpu(Double... values) {
    List<Sample> w = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      w.add(new Sample(NOW - (values.length - 1 - i) * MINUTE, values[i], 1e8, 5_000.0, 10.0, 3));
    }
    return w;
  }

  private static Double[] times(int n, Double v) {
    Double[] a = new Double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static Decision decide(List<Sample> w, int current) {
    return VectorPolicy.decide(w, current, 0, 0, NOW, Rules.DEFAULTS);
  }

  @Test
  void fiveMinutesAboveSeventyPercentAddsOne() {
    Decision d = decide(cpu(times(5, 0.85)), 3);
    assertThat(d.why()).isEqualTo(Why.CPU_HIGH);
    assertThat(d.targetInstances()).isEqualTo(4);
    assertThat(d.reason()).contains("above 70 %").contains("5 minutes");

    assertThat(decide(cpu(times(4, 0.85)), 3).why())
        .as("four minutes are not five")
        .isEqualTo(Why.STEADY);
  }

  @Test
  void aMinuteWithoutMetricsIsNeitherHighNorLowAndIsSaid() {
    Decision d = decide(cpu(0.9, 0.9, null, 0.9, 0.9), 3);
    assertThat(d.why()).as("the gap breaks the streak").isEqualTo(Why.STEADY);
    assertThat(d.targetInstances()).isEqualTo(3);
    assertThat(d.reason()).contains("1 of the last 15 minutes had no CPU metrics");

    List<Double> low = new ArrayList<>(List.of(times(15, 0.1)));
    low.set(7, null);
    assertThat(decide(cpu(low.toArray(Double[]::new)), 3).why()).isEqualTo(Why.STEADY);
    assertThat(decide(cpu(null, null, null, null, null), 3).why()).isEqualTo(Why.NO_METRICS);
    assertThat(decide(List.of(), 3).why()).isEqualTo(Why.NO_METRICS);
  }

  @Test
  void fifteenMinutesBelowFortyPercentRemovesOne() {
    Decision d = decide(cpu(times(15, 0.2)), 3);
    assertThat(d.why()).isEqualTo(Why.CPU_LOW);
    assertThat(d.targetInstances()).isEqualTo(2);
    assertThat(decide(cpu(times(14, 0.2)), 3).why()).isEqualTo(Why.STEADY);
    assertThat(decide(cpu(times(15, 0.2)), 1).why()).as("at the minimum").isEqualTo(Why.AT_MIN);
  }

  @Test
  void manyPendingRequestsAddOneWhateverTheCpu() {
    List<Sample> w = cpu(times(3, 0.5));
    Sample last = w.get(2);
    w.set(2, new Sample(last.atMillis(), 0.5, 1e8, 5_000.0, 1_500.0, 3));
    Decision d = decide(w, 3);
    assertThat(d.why()).isEqualTo(Why.PENDING_HIGH);
    assertThat(d.targetInstances()).isEqualTo(4);
    assertThat(d.reason()).contains("1500 pending requests");
  }

  @Test
  void nothingWithinTheCooldownAndNeverPastTheMaximum() {
    Decision cooling =
        VectorPolicy.decide(cpu(times(5, 0.9)), 3, 0, NOW - 2 * MINUTE, NOW, Rules.DEFAULTS);
    assertThat(cooling.why()).isEqualTo(Why.COOLDOWN);
    assertThat(cooling.changes()).isFalse();
    Decision after =
        VectorPolicy.decide(cpu(times(5, 0.9)), 3, 0, NOW - 6 * MINUTE, NOW, Rules.DEFAULTS);
    assertThat(after.targetInstances()).isEqualTo(4);
    assertThat(decide(cpu(times(5, 0.9)), 10).why()).isEqualTo(Why.AT_MAX);
    assertThat(decide(cpu(times(5, 0.5)), 12).targetInstances()).isEqualTo(10);
  }

  @Test
  void aPlannedEventsFloorIsReachedAtOnceAndHoldsOffScaleDown() {
    Decision up = VectorPolicy.decide(cpu(times(15, 0.1)), 2, 6, 0, NOW, Rules.DEFAULTS);
    assertThat(up.why()).isEqualTo(Why.FLOOR);
    assertThat(up.targetInstances()).isEqualTo(6);
    Decision held = VectorPolicy.decide(cpu(times(15, 0.1)), 6, 6, 0, NOW, Rules.DEFAULTS);
    assertThat(held.why()).isEqualTo(Why.HELD_BY_FLOOR);
    assertThat(held.changes()).isFalse();
    Decision beyond = VectorPolicy.decide(cpu(times(15, 0.1)), 8, 6, 0, NOW, Rules.DEFAULTS);
    assertThat(beyond.targetInstances()).as("above the floor it comes down, one step").isEqualTo(7);
    assertThat(
            VectorPolicy.decide(cpu(times(5, 0.5)), 3, 40, 0, NOW, Rules.DEFAULTS)
                .targetInstances())
        .as("a floor past the maximum is the maximum")
        .isEqualTo(10);
  }

  @Test
  void badRulesAreNamed() {
    assertThat(new Rules(0.3, 5, 0.4, 15, 1000, 0, 2, 1).problems())
        .anyMatch(p -> p.startsWith("lowCpu"))
        .anyMatch(p -> p.startsWith("instances"));
    assertThat(Rules.DEFAULTS.problems()).isEmpty();
  }
}
