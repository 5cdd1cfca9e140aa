package io.logwise.policy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.kafka.PartitionDecision.Action;
import io.logwise.policy.kafka.PartitionDecision.Reason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionPolicyTest {

  private static final long T0 = 1_700_000_000_000L;

  private static PartitionConfig config(int multiple, int max, long cooldownSeconds) {
    return new PartitionConfig(2000, 1000, multiple, max, cooldownSeconds, 30, 300);
  }

  private static TopicView view(
      int partitions, Long prevSum, long prevAt, long sum, long at, Long lag, long lastIncrease) {
    return new TopicView(
        "logs.orders",
        partitions,
        prevSum == null ? null : new TopicSample(prevSum, prevAt),
        new TopicSample(sum, at),
        lag,
        lastIncrease,
        at);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // the reference's worked example (§5.1): 600,000 records in 60 s = 10,000/s, 2000 per
        // partition -> 5 partitions (with a multiple of 1, as the reference has no rounding)
        Arguments.of(
            "reference example",
            config(1, 128, 600),
            view(3, 1_000_000L, T0, 1_600_000, T0 + 60_000, null, 0),
            Action.INCREASE,
            5,
            Reason.RATE),
        Arguments.of(
            "rounded up to the executor-core multiple",
            config(2, 128, 600),
            view(3, 1_000_000L, T0, 1_600_000, T0 + 60_000, null, 0),
            Action.INCREASE,
            6,
            Reason.RATE),
        Arguments.of(
            "lag alone: 7000 behind at 1000 per partition -> 7 -> multiple of 3 = 9",
            config(3, 128, 600),
            view(3, null, 0, 5_000, T0, 7_000L, 0),
            Action.INCREASE,
            9,
            Reason.LAG),
        Arguments.of(
            "rate and lag: the larger need wins",
            config(1, 128, 600),
            view(3, 0L, T0, 240_000, T0 + 60_000, 12_000L, 0),
            Action.INCREASE,
            12,
            Reason.LAG),
        Arguments.of(
            "enough partitions",
            config(1, 128, 600),
            view(3, 0L, T0, 180_000, T0 + 60_000, 100L, 0),
            Action.NONE,
            3,
            Reason.ENOUGH_PARTITIONS),
        Arguments.of(
            "capped at maxPartitions",
            config(2, 16, 600),
            view(3, 0L, T0, 60_000_000, T0 + 60_000, null, 0),
            Action.INCREASE,
            16,
            Reason.RATE),
        Arguments.of(
            "already at maxPartitions",
            config(2, 16, 600),
            view(16, 0L, T0, 60_000_000, T0 + 60_000, null, 0),
            Action.NONE,
            16,
            Reason.AT_MAX_PARTITIONS),
        Arguments.of(
            "within the cooldown of the last increase",
            config(1, 128, 600),
            view(3, 1_000_000L, T0, 1_600_000, T0 + 60_000, null, T0 - 240_000),
            Action.NONE,
            3,
            Reason.COOLDOWN),
        Arguments.of(
            "past the cooldown",
            config(1, 128, 600),
            view(3, 1_000_000L, T0, 1_600_000, T0 + 60_000, null, T0 - 600_000),
            Action.INCREASE,
            5,
            Reason.RATE),
        Arguments.of(
            "no baseline yet",
            config(1, 128, 600),
            view(3, null, 0, 1_600_000, T0, null, 0),
            Action.NONE,
            3,
            Reason.NO_BASELINE),
        Arguments.of(
            "samples 25 s apart (the reference skipped and reset)",
            config(1, 128, 600),
            view(3, 1_000_000L, T0, 1_600_000, T0 + 25_000, null, 0),
            Action.NONE,
            3,
            Reason.WINDOW_TOO_SHORT),
        Arguments.of(
            "samples 6 min apart",
            config(1, 128, 600),
            view(3, 1_000_000L, T0, 9_600_000, T0 + 360_000, null, 0),
            Action.NONE,
            3,
            Reason.WINDOW_TOO_LONG),
        Arguments.of(
            "a recreated topic (offsets went back) gives no rate",
            config(1, 128, 600),
            view(3, 9_000_000L, T0, 100, T0 + 60_000, null, 0),
            Action.NONE,
            3,
            Reason.WINDOW_TOO_LONG));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(
      String name,
      PartitionConfig config,
      TopicView view,
      Action action,
      int target,
      Reason reason) {
    PartitionDecision d = PartitionPolicy.decide(config, view);
    assertThat(d.action()).isEqualTo(action);
    assertThat(d.targetPartitions()).isEqualTo(target);
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.currentPartitions()).isEqualTo(view.partitions());
  }

  @Test
  void theRateIsARealNumberOfRecordsPerSecond() {
    PartitionDecision d =
        PartitionPolicy.decide(config(1, 128, 600), view(3, 0L, T0, 123_457, T0 + 61_500, null, 0));
    assertThat(d.ratePerSecond())
        .isCloseTo(123_457 / 61.5, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void aSampleTooSoonKeepsTheOlderBaseline() {
    PartitionConfig c = config(1, 128, 600);
    TopicSample old = new TopicSample(1_000, T0);
    assertThat(PartitionPolicy.nextBaseline(c, old, new TopicSample(2_000, T0 + 20_000)))
        .isEqualTo(old);
    TopicSample later = new TopicSample(3_000, T0 + 40_000);
    assertThat(PartitionPolicy.nextBaseline(c, old, later)).isEqualTo(later);
    assertThat(PartitionPolicy.nextBaseline(c, null, later)).isEqualTo(later);
  }

  @Test
  void increasesOnlyThroughTheCheckedFactory() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PartitionDecision.increaseTo(6, 6, 6, null, null, Reason.RATE, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badKnobsAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new PartitionConfig(0, 1, 1, 1, 0, 30, 300))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new PartitionConfig(1, 1, 1, 1, 0, 300, 30))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
