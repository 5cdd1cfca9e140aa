package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.logwise.policy.scaling.ScalingDecision.Action;
import io.logwise.policy.scaling.ScalingDecision.Why;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revision 6 of the adaptive rules: a backlog is drained within what the freshness SLO leaves of
 * its age (not a fixed 30 minutes), and a fleet at least twice what the load needs is released
 * without waiting out the scale-down window.
 */
class SloRevisionTest {

  private static final AdaptiveScalingPolicy SLO =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.SLO_REVISION);
  private static final AdaptiveScalingPolicy RESTART =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.RESTART_REVISION);

  /** The defaults: SLO 300 s, boot 180 s, overhead 5 s, catch-up 1,800 s. */
  private static final AdaptiveConfig A = AdaptiveConfig.DEFAULTS;

  @Test
  void theCatchUpIsWhatTheSloLeavesOfTheBacklogsAgeWithinAFloorAndTheKnob() {
    // nothing queued: what piles up while workers boot is that young; 300 - 45 - 5 = 250 s
    AdaptiveConfig fastBoot = A.withTiming(45, 5, 60);
    assertThat(AdaptiveScalingPolicy.catchUpWithinSlo(60_000, 1_000, 0, fastBoot))
        .isCloseTo(250, within(1e-9));
    // a backlog 100 s old: 300 - 100 - 45 - 5 = 150 s, below the floor
    assertThat(AdaptiveScalingPolicy.catchUpWithinSlo(100_000, 1_000, 40_000, fastBoot))
        .isEqualTo(AdaptiveScalingPolicy.MIN_CATCH_UP_SECONDS);
    // with a 3-minute boot the SLO leaves nothing: the floor
    assertThat(AdaptiveScalingPolicy.catchUpWithinSlo(60_000, 1_000, 0, A))
        .isEqualTo(AdaptiveScalingPolicy.MIN_CATCH_UP_SECONDS);
    // a backlog and no input: as old as can be, the floor
    assertThat(AdaptiveScalingPolicy.catchUpWithinSlo(60_000, 0, 60_000, fastBoot))
        .isEqualTo(AdaptiveScalingPolicy.MIN_CATCH_UP_SECONDS);
    // an SLO of an hour leaves more than the catch-up time: never slower than the knob
    assertThat(AdaptiveScalingPolicy.catchUpWithinSlo(60_000, 1_000, 0, A.withFreshnessSlo(3600)))
        .isEqualTo(1800);
    // no SLO known (a config written before the knob): the catch-up time alone
    assertThat(
            AdaptiveScalingPolicy.catchUpWithinSlo(600_000, 1_000, 540_000, A.withFreshnessSlo(0)))
        .isEqualTo(1800);
  }

  @Test
  void aBacklogAfterAnOutageIsDrainedWithinTheSloNotOverHalfAnHour() {
    // 40,000/s arriving on 3 workers (6 cores) at 10,000/s per core, 55,000/s between them; the
    // last batch ended 15 minutes of input (36M records) behind, as after producers flushed what an
    // outage held back
    List<BatchSample> h = AdaptiveScalingPolicyTest.steady(10, 40_000, 40, 6, 40_000L * 900);
    ScalingDecision before = AdaptiveScalingPolicyTest.decide(RESTART, h, 3, 0, null);
    ScalingDecision now = AdaptiveScalingPolicyTest.decide(SLO, h, 3, 0, null);
    assertThat(before.action()).isEqualTo(Action.UPSCALE);
    assertThat(now.action()).isEqualTo(Action.UPSCALE);
    // the backlog is 36M less a trigger's input: 33.6M, 900 s old. Revision 5 drains it in 1,800
    // s: 40,000 / 0.85 + 18,667/s; revision 6 in the floor's 180 s: + 186,667/s
    assertThat(before.sizing().targetRatePerSecond()).isCloseTo(47_059 + 18_667, within(2.0));
    assertThat(now.sizing().targetRatePerSecond()).isCloseTo(47_059 + 186_667, within(2.0));
    assertThat(before.targetWorkers()).isEqualTo(4);
    assertThat(now.targetWorkers()).isEqualTo(13);
  }

  @Test
  void aFleetTwiceWhatTheLoadNeedsIsReleasedWithoutTheWindow() {
    // 20,000/s needs 2 workers; 8 are up since the last change 10 minutes ago
    List<BatchSample> h = AdaptiveScalingPolicyTest.steady(10, 20_000, 30, 4, 20_000 * 35);
    long now = h.get(h.size() - 1).completionTime();
    long tenMinutesAgo = now - 600_000;
    ScalingDecision released = AdaptiveScalingPolicyTest.decide(SLO, h, 8, tenMinutesAgo, null);
    assertThat(released.action()).isEqualTo(Action.DOWNSCALE);
    assertThat(released.targetWorkers()).isEqualTo(2);
    assertThat(released.reason()).contains("released without the scale-down window");
    // revision 5 waits for the window's asks
    ScalingDecision waited = AdaptiveScalingPolicyTest.decide(RESTART, h, 8, tenMinutesAgo, null);
    assertThat(waited.action()).isEqualTo(Action.NONE);
    assertThat(waited.why()).isEqualTo(Why.WINDOW_NOT_SETTLED);
  }

  @Test
  void noReleaseWhileABacklogDrainsRightAfterAChangeOrAboveHalfTheFleet() {
    List<BatchSample> h = AdaptiveScalingPolicyTest.steady(10, 20_000, 30, 4, 20_000 * 35);
    long now = h.get(h.size() - 1).completionTime();
    // changed two minutes ago: stabilising
    ScalingDecision justChanged = AdaptiveScalingPolicyTest.decide(SLO, h, 8, now - 120_000, null);
    assertThat(justChanged.action()).isEqualTo(Action.NONE);
    assertThat(justChanged.why()).isEqualTo(Why.STABILISING);
    // 3 workers for a load that needs 2: more than half, the window decides
    ScalingDecision near = AdaptiveScalingPolicyTest.decide(SLO, h, 3, now - 600_000, null);
    assertThat(near.action()).isEqualTo(Action.NONE);
    assertThat(near.why()).isEqualTo(Why.WINDOW_NOT_SETTLED);
    // a backlog: 3 minutes of input behind at 5,000/s on 8 workers
    List<BatchSample> behind = AdaptiveScalingPolicyTest.steady(10, 5_000, 10, 16, 5_000 * 180);
    ScalingDecision draining =
        AdaptiveScalingPolicyTest.decide(SLO, behind, 8, now - 600_000, null);
    assertThat(draining.action()).isEqualTo(Action.NONE);
    assertThat(draining.why()).isEqualTo(Why.BACKLOG_DRAINING);
    // with downscale off nothing is released
    assertThat(
            SLO.decide(
                    new ScalingInput(
                        ScalingConfig.REFERENCE.withPolicy("adaptive").withWorkers(1, 50),
                        h,
                        List.of("41"),
                        8,
                        ScaleFlags.UNSET,
                        new ScaleFlags(null, false),
                        now,
                        now - 600_000,
                        null))
                .action())
        .isEqualTo(Action.NONE);
  }
}
