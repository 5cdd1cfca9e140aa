package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.logwise.policy.scaling.ScalingDecision.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revision 4 of the adaptive rules: a rise counts as a surge only beyond the window's own noise
 * (three times the median step between its per-report rates), so a jittering load is sized on its
 * window's rate and not chased minute by minute, while a real surge still is one.
 */
class BandRevisionTest {

  private static final long T0 = 1_700_000_000_000L;

  /** One batch a minute reading each minute's {@code rates} in 20 s on 8 cores, nothing behind. */
  private static List<BatchSample> minutes(long... rates) {
    List<BatchSample> out = new ArrayList<>();
    long read = 0;
    for (int i = 0; i < rates.length; i++) {
      long start = T0 + i * 60_000L;
      read += rates[i] * 60;
      out.add(
          new BatchSample(rates[i] * 60, 0, start, start + 25_000, 8, "succeeded", 0L, read, null));
    }
    return out;
  }

  private static ScalingDecision decide(int revision, List<BatchSample> h, int actual) {
    return AdaptiveScalingPolicyTest.decide(
        new AdaptiveScalingPolicy(revision), h, actual, 0, null);
  }

  @Test
  void theSpreadIsTheMedianStepBetweenReportRatesOverTheirMean() {
    // rates 45k, 75k, 45k, … : every step is 30k on a 60k mean
    assertThat(
            AdaptiveScalingPolicy.spread(
                minutes(45_000, 75_000, 45_000, 75_000, 45_000, 75_000, 45_000)))
        .isCloseTo(0.5, within(0.01));
    // a staircase moves once: its own step does not count as noise
    assertThat(
            AdaptiveScalingPolicy.spread(
                minutes(50_000, 50_000, 50_000, 100_000, 100_000, 100_000, 100_000)))
        .isZero();
    assertThat(AdaptiveScalingPolicy.spread(minutes(50_000, 60_000, 70_000)))
        .as("two rates are too few to say")
        .isZero();
  }

  @Test
  void aRiseWithinTheWindowsNoiseIsSizedOnTheWindowsRate() {
    List<BatchSample> jitter =
        minutes(
            45_000, 75_000, 45_000, 75_000, 45_000, 75_000, 45_000, 75_000, 45_000, 75_000, 75_000);

    ScalingDecision before = decide(AdaptiveScalingPolicy.NOISE_REVISION, jitter, 1);
    ScalingDecision now = decide(AdaptiveScalingPolicy.BAND_REVISION, jitter, 1);

    assertThat(before.sizing().inputRatePerSecond())
        .as("revision 3 took the last minute's 75k/s for a surge")
        .isCloseTo(75_000, within(1.0));
    assertThat(now.sizing().inputRatePerSecond())
        .as("revision 4 sizes on the window's rate")
        .isLessThan(65_000);
    assertThat(before.action()).isEqualTo(Action.UPSCALE);
    assertThat(now.targetWorkers()).isLessThan(before.targetWorkers());
  }

  @Test
  void aRiseBeyondTheWindowsNoiseIsStillASurge() {
    List<BatchSample> surge =
        minutes(
            55_000, 65_000, 55_000, 65_000, 55_000, 65_000, 55_000, 65_000, 55_000, 150_000,
            160_000);

    ScalingDecision d = decide(AdaptiveScalingPolicy.BAND_REVISION, surge, 2);

    assertThat(d.action()).isEqualTo(Action.UPSCALE);
    assertThat(d.sizing().inputRatePerSecond()).isGreaterThanOrEqualTo(150_000);
    assertThat(d.targetWorkers())
        .as("as revision 3 decides")
        .isEqualTo(decide(AdaptiveScalingPolicy.NOISE_REVISION, surge, 2).targetWorkers());
  }
}
