package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingDecision.Action;
import io.logwise.policy.scaling.ScalingDecision.Why;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference's worked examples (§4.6), then what the reference got wrong. */
class ClassicScalingPolicyTest {

  private static final ScalingPolicy POLICY = new ClassicScalingPolicy();
  private static final long M = 1_000_000;

  /** Batches newest first, as §4.6 lists them; shuffled submission order does not matter. */
  static List<BatchSample> history(long... newestFirst) {
    List<BatchSample> out = new ArrayList<>();
    for (int i = newestFirst.length - 1; i >= 0; i--) {
      long t = 1_700_000_000_000L + (newestFirst.length - i) * 60_000L;
      out.add(
          new BatchSample(newestFirst[i], 1000, t, t + 30_000, i % 2 == 0 ? 4 : null, "succeeded"));
    }
    return out;
  }

  static ScalingDecision decide(ScalingConfig c, List<BatchSample> h, String wal, int actual) {
    return POLICY.decide(
        new ScalingInput(c, h, List.of(wal), actual, ScaleFlags.UNSET, ScaleFlags.UNSET));
  }

  static ScalingConfig max(int maxWorkers) {
    return new ScalingConfig(
        "classic", 5, 500_000, 2, 2, maxWorkers, 1, 200, 2, 50, 0.25, true, true);
  }

  static Stream<Arguments> workedExamples() {
    ScalingConfig ref = ScalingConfig.REFERENCE;
    return Stream.of(
        // 1. steady, downscale capped by proportion; then 6 -> 4, then 4 = 4
        Arguments.of(
            "1 steady 8->6",
            ref,
            history(30 * M / 10, 32 * M / 10, 29 * M / 10, 31 * M / 10, 3 * M),
            "123",
            8,
            Action.DOWNSCALE,
            6,
            4),
        Arguments.of(
            "1 steady 6->4",
            ref,
            history(30 * M / 10, 32 * M / 10, 29 * M / 10, 31 * M / 10, 3 * M),
            "123",
            6,
            Action.DOWNSCALE,
            4,
            4),
        Arguments.of(
            "1 steady 4=4",
            ref,
            history(30 * M / 10, 32 * M / 10, 29 * M / 10, 31 * M / 10, 3 * M),
            "123",
            4,
            Action.NONE,
            4,
            4),
        // 2. growing traffic + WAL buffer -> upscale 3 -> 7
        Arguments.of(
            "2 growth 3->7",
            ref,
            history(4 * M, 35 * M / 10, 3 * M, 25 * M / 10, 2 * M),
            "57",
            3,
            Action.UPSCALE,
            7,
            7),
        // 3. clamp to max, downscale blocked by WAL %10 == 8
        Arguments.of(
            "3 blocked at 12",
            ref,
            history(12 * M, 12 * M, 12 * M, 12 * M, 12 * M),
            "38",
            12,
            Action.NONE,
            12,
            10),
        Arguments.of(
            "3 clamp 6->10",
            ref,
            history(12 * M, 12 * M, 12 * M, 12 * M, 12 * M),
            "38",
            6,
            Action.UPSCALE,
            10,
            10),
        // 4. large idle cluster, 25 % steps (maxWorkers 50)
        Arguments.of(
            "4 idle 40->30", max(50), history(M, M, M, M, M), "41", 40, Action.DOWNSCALE, 30, 2),
        // 5. small gap below the proportion
        Arguments.of(
            "5 gap 10->8",
            ref,
            history(7 * M, 7 * M, 75 * M / 10, 6 * M, 65 * M / 10),
            "12",
            10,
            Action.DOWNSCALE,
            8,
            8),
        // 6. hysteresis and no-op cases
        Arguments.of(
            "6 diff 1",
            max(50),
            history(9 * M, 9 * M, 9 * M, 9 * M, 9 * M),
            "41",
            10,
            Action.NONE,
            10,
            9),
        Arguments.of(
            "6 actual 0",
            ref,
            history(3 * M, 3 * M, 3 * M, 3 * M, 3 * M),
            "41",
            0,
            Action.NONE,
            0,
            null),
        Arguments.of(
            "6 compacted",
            ref,
            history(3 * M, 3 * M, 3 * M, 3 * M, 3 * M),
            "29.compact",
            8,
            Action.NONE,
            8,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workedExamples")
  void reproducesTheReference(
      String name,
      ScalingConfig c,
      List<BatchSample> h,
      String wal,
      int actual,
      Action action,
      int target,
      Integer expected) {
    ScalingDecision d = decide(c, h, wal, actual);
    assertThat(d.action()).isEqualTo(action);
    assertThat(d.targetWorkers()).isEqualTo(target);
    assertThat(d.expectedWorkers()).isEqualTo(expected);
    assertThat(d.why()).isEqualTo(action == Action.NONE ? WHY_NOT.get(name) : Why.SIZED);
    assertThat(d.reason()).isNotBlank();
  }

  /** The typed reason of each worked example that changes nothing. */
  private static final java.util.Map<String, Why> WHY_NOT =
      java.util.Map.of(
          "1 steady 4=4", Why.AT_TARGET,
          "3 blocked at 12", Why.BEFORE_COMPACTION,
          "6 diff 1", Why.BELOW_MIN_STEP,
          "6 actual 0", Why.NO_WORKERS,
          "6 compacted", Why.WAL_COMPACTED);

  @Test
  void example4ConvergesInQuarterStepsAndStopsAtThree() {
    List<Integer> path = new ArrayList<>();
    int actual = 40;
    for (int i = 0; i < 12; i++) {
      actual = decide(max(50), history(M, M, M, M, M), "41", actual).targetWorkers();
      path.add(actual);
    }
    assertThat(path).startsWith(30, 22, 16, 12, 9, 6, 4, 3).endsWith(3, 3, 3);
  }

  @Test
  void example2GrowthBufferMatchesTheHandComputation() {
    List<Long> ir = List.of(4 * M, 35 * M / 10, 3 * M, 25 * M / 10, 2 * M);
    assertThat(ClassicScalingPolicy.growthBuffer(ir, 4 * M))
        .isCloseTo(0.189881, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void onlyFourBatchesIsNotEnoughData() {
    ScalingDecision d =
        decide(ScalingConfig.REFERENCE, history(3 * M, 3 * M, 3 * M, 3 * M), "41", 8);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.expectedWorkers()).isNull();
    assertThat(d.why()).isEqualTo(Why.NOT_ENOUGH_DATA);
    assertThat(d.reason()).contains("4 of 5 batches");
  }

  @Test
  void aZeroInTheHistoryNoLongerTurnsRisingLoadIntoADownscale() {
    // reference: (1M - 0) / 0 = +inf -> overflow -> expected ~ -1e9 -> clamped to 2 -> downscale
    ScalingDecision d = decide(max(50), history(5 * M, 4 * M, 3 * M, M, 0), "41", 10);
    // growth terms 0.25, 0.333…, 2.0 (the zero term skipped) -> mean 0.861111
    // target 5M + ceil(0.861111 · 5M) = 9 305 556 -> cores 19 -> 10 workers
    assertThat(d.expectedWorkers()).isEqualTo(10);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(decide(max(50), history(5 * M, 4 * M, 3 * M, M, 0), "41", 6).action())
        .isEqualTo(Action.UPSCALE);
  }

  @Test
  void twoZerosInARowGiveNoGrowthTermsAndNoBuffer() {
    assertThat(ClassicScalingPolicy.growthBuffer(List.of(0L, 0L, 0L, 0L, 0L), 0)).isZero();
    assertThat(decide(ScalingConfig.REFERENCE, history(0, 0, 0, 0, 0), "41", 4).why())
        .isEqualTo(Why.NOT_ENOUGH_DATA);
  }

  @Test
  void theOverrideWinsOverTheRequestAndTheRequestOverTheConfig() {
    List<BatchSample> idle = history(M, M, M, M, M);
    ScalingInput overridden =
        new ScalingInput(
            ScalingConfig.REFERENCE,
            idle,
            List.of("41"),
            8,
            new ScaleFlags(true, true),
            new ScaleFlags(null, false));
    assertThat(POLICY.decide(overridden).action()).isEqualTo(Action.NONE);
    assertThat(POLICY.decide(overridden).why()).isEqualTo(Why.DOWNSCALE_DISABLED);

    ScalingInput requestOnly =
        new ScalingInput(
            ScalingConfig.REFERENCE,
            idle,
            List.of("41"),
            8,
            new ScaleFlags(null, false),
            ScaleFlags.UNSET);
    assertThat(POLICY.decide(requestOnly).action()).isEqualTo(Action.NONE);

    ScalingInput overrideAllows =
        new ScalingInput(
            ScalingConfig.REFERENCE,
            idle,
            List.of("41"),
            8,
            new ScaleFlags(null, false),
            new ScaleFlags(null, true));
    assertThat(POLICY.decide(overrideAllows).action()).isEqualTo(Action.DOWNSCALE);

    ScalingInput bothOff =
        new ScalingInput(
            ScalingConfig.REFERENCE,
            idle,
            List.of("41"),
            8,
            new ScaleFlags(false, false),
            ScaleFlags.UNSET);
    assertThat(POLICY.decide(bothOff).why()).isEqualTo(Why.BOTH_DISABLED);
  }

  @Test
  void walFilesPickTheHighestNumberAndIgnoreOtherNames() {
    assertThat(
            ClassicScalingPolicy.latestWal(
                    List.of("9", "41", "40.compact", "README", "x.compact", " 12 "))
                .orElseThrow()
                .name())
        .isEqualTo("41");
    assertThat(
            ClassicScalingPolicy.latestWal(List.of("39.compact", "38")).orElseThrow().compacted())
        .isTrue();
    assertThat(ClassicScalingPolicy.latestWal(List.of("README"))).isEmpty();
    assertThat(
            POLICY
                .decide(
                    new ScalingInput(
                        ScalingConfig.REFERENCE, history(M, M, M, M, M), List.of(), 8, null, null))
                .why())
        .isEqualTo(Why.NO_WAL);
  }

  @Test
  void walEndingIn7Or9AddsHeadroomButStillAllowsDownscale() {
    // 12M x5 with +0.5 -> 18M -> 36 cores -> 18 workers -> clamped 10; 12 actual: 12 -> 10
    assertThat(
            decide(
                    ScalingConfig.REFERENCE,
                    history(12 * M, 12 * M, 12 * M, 12 * M, 12 * M),
                    "37",
                    12)
                .targetWorkers())
        .isEqualTo(10);
    assertThat(
            decide(
                    ScalingConfig.REFERENCE,
                    history(12 * M, 12 * M, 12 * M, 12 * M, 12 * M),
                    "39",
                    12)
                .targetWorkers())
        .isEqualTo(10);
  }

  @Test
  void onlyTheNewestBatchesBySubmissionTimeCount() {
    List<BatchSample> h = new ArrayList<>(history(M, M, M, M, M));
    h.add(
        new BatchSample(
            90 * M, 0, 1_600_000_000_000L, 1_600_000_030_000L, 4, "succeeded")); // old spike
    assertThat(decide(ScalingConfig.REFERENCE, h, "41", 2).expectedWorkers()).isEqualTo(2);
  }

  @Test
  void anUnknownPolicyIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScalingPolicy.named("magic"))
        .hasMessageContaining("known: classic");
  }
}
