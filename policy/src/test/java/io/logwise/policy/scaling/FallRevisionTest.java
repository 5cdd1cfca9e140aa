package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingDecision.Action;
import io.logwise.policy.scaling.ScalingDecision.Why;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revision 11 of the adaptive rules: a fall seen in the last reports is sized on their rate and
 * followed in one step once it levels ({@code fallenAndLevelled}); a fleet raised at least twofold
 * is not released in part for three scale-down windows ({@code surgeFleetHeld}). Each rule against
 * revision 10 on the same input.
 */
class FallRevisionTest {

  private static final AdaptiveScalingPolicy FALL =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.FALL_REVISION);
  private static final AdaptiveScalingPolicy OVERDUE =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.OVERDUE_REVISION);

  private static final long T0 = 1_700_000_000_000L;

  /**
   * One report a minute, each reading a minute of {@code rates} (records/s) on 48 cores at 10,000
   * records/s per core after a 5 s overhead, ending with a lag of 5 s of its input.
   */
  static List<BatchSample> reports(long... rates) {
    List<BatchSample> out = new ArrayList<>();
    long read = 0;
    for (int i = 0; i < rates.length; i++) {
      long records = rates[i] * 60;
      long start = T0 + i * 60_000L;
      long end = start + 5_000 + records / 48 / 10;
      read += records;
      out.add(
          new BatchSample(
              records, 0, start, end, 48, "succeeded", rates[i] * 5, read - rates[i] * 5, null));
    }
    return out;
  }

  private static long[] plateauThen(long... tail) {
    long[] rates = new long[7 + tail.length];
    java.util.Arrays.fill(rates, 0, 7, 200_000);
    System.arraycopy(tail, 0, rates, 7, tail.length);
    return rates;
  }

  @Test
  void aFallThatLevelledIsFollowedInOneStepToWhatTheLastReportsNeed() {
    // 200,000/s for seven minutes, then 60,000, 20,000 and 20,000: the window's rate (about
    // 150,000/s) trails the fall; the last two reports say 20,000/s, as did the two before them
    List<BatchSample> h = reports(plateauThen(60_000, 20_000, 20_000));
    ScalingDecision now = AdaptiveScalingPolicyTest.decide(FALL, h, 24, 0, null);
    assertThat(now.action()).isEqualTo(Action.DOWNSCALE);
    // 20,000 / 0.85 = 23,529/s at 18,333/s a worker (2 cores, 55 s of each minute): 2
    assertThat(now.targetWorkers()).isEqualTo(2);
    assertThat(now.reason()).contains("levelled").contains("released in one step");
    // revision 10 releases to what the window's rate asks for, and follows the rest later
    ScalingDecision before = AdaptiveScalingPolicyTest.decide(OVERDUE, h, 24, 0, null);
    assertThat(before.action()).isEqualTo(Action.DOWNSCALE);
    // the window: 78M records read between its first and last reports' ends, 517.5 s apart:
    // 150,725/s, / 0.85 = 177,324/s, 10 workers
    assertThat(before.targetWorkers()).isEqualTo(10);
    assertThat(before.reason()).contains("released without the scale-down window");
  }

  @Test
  void aFallStillGoingIsHeldUntilItLevels() {
    // the last report's rate (20,000/s) is a third of the one before (60,000/s): still falling
    List<BatchSample> h = reports(plateauThen(120_000, 60_000, 20_000));
    ScalingDecision now = AdaptiveScalingPolicyTest.decide(FALL, h, 24, 0, null);
    assertThat(now.action()).isEqualTo(Action.NONE);
    assertThat(now.why()).isEqualTo(Why.STILL_FALLING);
    assertThat(FALL.stillFalling(h)).isTrue();
    // one more report at the same rate: levelled, and released in one step
    List<BatchSample> levelled = reports(plateauThen(120_000, 60_000, 20_000, 20_000));
    assertThat(FALL.stillFalling(levelled)).isFalse();
    // the newest report without offsets: the fall is judged on the reports that have them, not
    // taken as levelled on the same two reports twice
    List<BatchSample> noOffsets = new ArrayList<>(h);
    BatchSample last = h.get(h.size() - 1);
    noOffsets.add(
        new BatchSample(
            last.inputRecords(),
            0,
            last.submissionTime() + 60_000,
            last.completionTime() + 60_000,
            48,
            "succeeded",
            null,
            null,
            null));
    assertThat(FALL.stillFalling(noOffsets)).isTrue();
    ScalingDecision next = AdaptiveScalingPolicyTest.decide(FALL, levelled, 24, 0, null);
    assertThat(next.action()).isEqualTo(Action.DOWNSCALE);
    assertThat(next.targetWorkers()).isEqualTo(2);
    // revision 10 released part of the fleet at once, on the window's rate
    ScalingDecision before = AdaptiveScalingPolicyTest.decide(OVERDUE, h, 24, 0, null);
    assertThat(before.action()).isEqualTo(Action.DOWNSCALE);
    // 84M records over 517.5 s: 162,319/s, / 0.85 = 190,964/s, 11 workers
    assertThat(before.targetWorkers()).isEqualTo(11);
  }

  @Test
  void aLowReportWithinTheWindowsNoiseIsNotAFall() {
    // ±30 % minute to minute around 100,000/s, the newest report low: noise, not a fall
    List<BatchSample> h =
        reports(
            100_000, 130_000, 70_000, 130_000, 70_000, 130_000, 70_000, 130_000, 70_000, 130_000,
            70_000);
    ScalingDecision now = AdaptiveScalingPolicyTest.decide(FALL, h, 12, 0, null);
    ScalingDecision before = AdaptiveScalingPolicyTest.decide(OVERDUE, h, 12, 0, null);
    assertThat(now.why()).isNotEqualTo(Why.STILL_FALLING);
    assertThat(now.action()).isEqualTo(before.action());
    assertThat(now.targetWorkers()).isEqualTo(before.targetWorkers());
    assertThat(now.sizing().inputRatePerSecond()).isEqualTo(before.sizing().inputRatePerSecond());
  }

  /** A memory whose asks over the whole scale-down window were {@code workers}. */
  private static AdaptiveMemory askedAllWindow(long now, int workers, Long surgedAt) {
    return new AdaptiveMemory(
        List.of(
            new AdaptiveMemory.Ask(now - 720_000, workers),
            new AdaptiveMemory.Ask(now - 360_000, workers)),
        null,
        null,
        0,
        null,
        null,
        surgedAt);
  }

  @Test
  void aSurgesFleetIsNotReleasedInPartForThreeScaleDownWindows() {
    // 200,000/s needs 13 workers; 24 are up, raised from 2 for the surge 20 minutes ago; every ask
    // over the 12-minute window was 13 (more than half of 24: not far too many)
    List<BatchSample> h = reports(plateauThen(200_000, 200_000, 200_000));
    long now = h.get(h.size() - 1).completionTime();
    AdaptiveMemory surged = askedAllWindow(now, 13, now - 20 * 60_000L);
    ScalingDecision held =
        AdaptiveScalingPolicyTest.decide(FALL, h, 24, now - 20 * 60_000L, surged);
    assertThat(held.action()).isEqualTo(Action.NONE);
    assertThat(held.why()).isEqualTo(Why.SURGE_FLEET_HELD);
    assertThat(held.reason()).contains("released in part only 2160s after");
    // revision 10 releases the part the window settled on
    ScalingDecision before =
        AdaptiveScalingPolicyTest.decide(OVERDUE, h, 24, now - 20 * 60_000L, surged);
    assertThat(before.action()).isEqualTo(Action.DOWNSCALE);
    assertThat(before.targetWorkers()).isEqualTo(13);
    assertThat(before.reason()).contains("the window's highest ask was 13");
    // held up to three scale-down windows (2,160 s) after the surge, not a second longer
    AdaptiveMemory justBefore = askedAllWindow(now, 13, now - 2_159_000L);
    assertThat(AdaptiveScalingPolicyTest.decide(FALL, h, 24, 0, justBefore).why())
        .isEqualTo(Why.SURGE_FLEET_HELD);
    AdaptiveMemory then = askedAllWindow(now, 13, now - 2_160_000L);
    ScalingDecision released = AdaptiveScalingPolicyTest.decide(FALL, h, 24, 0, then);
    assertThat(released.action()).isEqualTo(Action.DOWNSCALE);
    assertThat(released.targetWorkers()).isEqualTo(13);
    // the surge's fleet released, the surge is forgotten: a later part is not held for it
    assertThat(released.memory().surgedAtMillis()).isNull();
    // and a fleet far too big for the load still goes at once during the hold
    ScalingDecision farTooMany =
        AdaptiveScalingPolicyTest.decide(FALL, h, 30, now - 20 * 60_000L, surged);
    assertThat(farTooMany.action()).isEqualTo(Action.DOWNSCALE);
    assertThat(farTooMany.reason()).contains("released without the scale-down window");
  }

  @Test
  void aScaleUpThatAtLeastDoublesTheFleetIsRememberedAsASurge() {
    // 20,000/s, then 200,000/s in the last two reports (a surge confirmed): 2 workers go up
    long[] rates = new long[10];
    java.util.Arrays.fill(rates, 20_000);
    rates[8] = 200_000;
    rates[9] = 200_000;
    List<BatchSample> h = reports(rates);
    long now = h.get(h.size() - 1).completionTime();
    ScalingDecision up = AdaptiveScalingPolicyTest.decide(FALL, h, 2, 0, null);
    assertThat(up.action()).isEqualTo(Action.UPSCALE);
    assertThat(up.targetWorkers()).isGreaterThanOrEqualTo(4);
    assertThat(up.memory().surgedAtMillis()).isEqualTo(now);
    // revision 10 remembers no surge
    assertThat(AdaptiveScalingPolicyTest.decide(OVERDUE, h, 2, 0, null).memory().surgedAtMillis())
        .isNull();
    // a step up of less than twice the fleet is not a surge: an earlier one stays remembered
    AdaptiveMemory earlier = askedAllWindow(now, 12, now - 3_600_000L);
    ScalingDecision small = AdaptiveScalingPolicyTest.decide(FALL, h, 12, 0, earlier);
    assertThat(small.action()).as(small.reason()).isEqualTo(Action.UPSCALE);
    assertThat(small.targetWorkers()).isLessThan(24);
    assertThat(small.memory().surgedAtMillis()).isEqualTo(now - 3_600_000L);
  }
}
