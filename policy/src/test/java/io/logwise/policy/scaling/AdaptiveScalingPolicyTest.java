package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingDecision.Action;
import io.logwise.policy.scaling.ScalingDecision.Why;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveScalingPolicyTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final ScalingConfig CONFIG =
      ScalingConfig.REFERENCE.withPolicy("adaptive").withWorkers(1, 50);
  private final AdaptiveScalingPolicy policy = new AdaptiveScalingPolicy();
  private final AdaptiveScalingPolicy first =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.FIRST_REVISION);

  /**
   * Revision 5: the tests of the catch-up time and the scale-down window (revision 6 changed both:
   * SloRevisionTest).
   */
  private final AdaptiveScalingPolicy restart =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.RESTART_REVISION);

  /**
   * Batches every minute at {@code rate} records/s: each reads the last minute (records = rate ×
   * 60) in {@code busySeconds} + 5 s overhead on {@code cores}, ending with {@code lag} behind.
   */
  static List<BatchSample> steady(int n, long rate, double busySeconds, int cores, long lag) {
    List<BatchSample> out = new ArrayList<>();
    long read = 0;
    for (int i = 0; i < n; i++) {
      long start = T0 + i * 60_000L;
      long end = start + (long) ((5 + busySeconds) * 1000);
      read += rate * 60;
      out.add(new BatchSample(rate * 60, 0, start, end, cores, "succeeded", lag, read, null));
    }
    return out;
  }

  private ScalingDecision decide(
      List<BatchSample> h, int actual, long lastChange, AdaptiveMemory m) {
    return decide(policy, h, actual, lastChange, m);
  }

  /** {@code policy}'s decision on {@code h} at its newest batch's end. */
  static ScalingDecision decide(
      AdaptiveScalingPolicy policy,
      List<BatchSample> h,
      int actual,
      long lastChange,
      AdaptiveMemory m) {
    long now = h.get(h.size() - 1).completionTime();
    return policy.decide(
        new ScalingInput(
            CONFIG,
            h,
            List.of("41"),
            actual,
            ScaleFlags.UNSET,
            ScaleFlags.UNSET,
            now,
            lastChange,
            m));
  }

  @Test
  void sizesFromTheMeasuredPerCoreRateNotAConstant() {
    // 60,000 records/s read in 30 s on 8 cores: 15,000 records/s per busy core (not 8,333)
    ScalingDecision d = decide(steady(10, 60_000, 30, 8, 60_000 * 35), 4, 0, null);
    assertThat(d.sizing().processingRatePerCore())
        .isCloseTo(15_000, org.assertj.core.data.Offset.offset(1.0));
    assertThat(d.sizing().inputRatePerSecond())
        .isCloseTo(60_000, org.assertj.core.data.Offset.offset(1.0));
    // 60k / 0.85 = 70.6k per s; a worker: 15k × 2 × 55/60 = 27.5k/s -> 3 workers, so 4 is too many
    assertThat(d.expectedWorkers()).isEqualTo(3);
    assertThat(d.action()).as("no downscale before the window is full").isEqualTo(Action.NONE);
  }

  /** A batch {@code afterSeconds} after the previous one started, reading what it left behind. */
  private static BatchSample next(
      BatchSample prev, long afterSeconds, double seconds, long read, long lag) {
    long start = prev.submissionTime() + afterSeconds * 1000;
    return new BatchSample(
        read,
        0,
        start,
        start + (long) (seconds * 1000),
        4,
        "succeeded",
        lag,
        prev.endOffsetSum() + read,
        null);
  }

  @Test
  void aSurgeSeenOnceIsConfirmedByTheNextReportAndThenSizedForWhereItIsGoing() {
    List<BatchSample> h = new ArrayList<>(steady(9, 20_000, 30, 4, 20_000 * 35));
    // the input rose to ~56,000/s while the batch ran: 2.3 M behind at its end, no backlog yet
    h.add(next(h.get(8), 60, 35, 20_000 * 60 + 700_000, 2_300_000));
    ScalingDecision once = decide(h, 2, 0, null);
    assertThat(once.action()).isEqualTo(Action.NONE);
    assertThat(once.why()).isEqualTo(Why.SURGE_UNCONFIRMED);
    assertThat(decide(first, h, 2, 0, null).action())
        .as("revision 1 followed the first report")
        .isEqualTo(Action.UPSCALE);

    // the next report: still rising, ~100,000/s and 11 M behind
    h.add(next(h.get(9), 60, 106, 2_300_000 + 1_100_000, 11_400_000));
    ScalingDecision d = decide(h, 2, 0, once.memory());
    assertThat(d.action()).isEqualTo(Action.UPSCALE);
    assertThat(d.reason()).startsWith("workers 2→" + d.targetWorkers() + ", capacity ");
    assertThat(d.reason()).contains("rising to");
    // sized for the trend one boot delay ahead, well above what the present rate needs
    assertThat(d.sizing().targetRatePerSecond())
        .isGreaterThan(1.5 * d.sizing().inputRatePerSecond() / 0.85);
    assertThat(d.memory().lastUpscale()).isNotNull();
  }

  @Test
  void aFleetThatKeepsUpIsNotGrownForHeadroomAlone() {
    // 66,000/s at 10,000/s per core: 4 workers carry 73,000/s; 66,000 / 0.85 would need 5
    List<BatchSample> h = steady(10, 66_000, 49.5, 8, 66_000 * 55);
    ScalingDecision d = decide(restart, h, 4, 0, null);
    assertThat(d.expectedWorkers()).isEqualTo(5);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.why()).isEqualTo(Why.AT_TARGET);
    assertThat(d.reason()).contains("the 4 workers keep up and drain the backlog within 1800s");
    // revision 6 drains within what the SLO leaves (here its floor); with nothing queued or piling
    // up the time changes only the words
    ScalingDecision latest = decide(h, 4, 0, null);
    assertThat(latest.why()).isEqualTo(Why.AT_TARGET);
    assertThat(latest.reason()).contains("the 4 workers keep up and drain the backlog within 180s");
    assertThat(decide(first, h, 4, 0, null).targetWorkers()).as("revision 1").isEqualTo(5);
  }

  @Test
  void noSecondScaleUpBeforeABatchRanOnTheLastOnesWorkersUnlessFarTooFew() {
    // 80,000/s at 10,000/s per core; 4 workers carry 73,000/s and 6 are wanted
    List<BatchSample> h = steady(10, 80_000, 30, 16, 80_000 * 35);
    BatchSample newest = h.get(9);
    // scaled 2 -> 4 a minute before the newest batch started: it ran without the new workers
    AdaptiveMemory m =
        new AdaptiveMemory(
            List.of(),
            new AdaptiveMemory.Upscale(newest.submissionTime() - 60_000, 2, 4, 10_000),
            null,
            0);
    ScalingDecision d = decide(restart, h, 4, 0, m);
    assertThat(d.expectedWorkers()).isEqualTo(6);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.why()).isEqualTo(Why.AWAITING_WORKERS);
    assertThat(d.reason()).contains("no batch has run on the 4 workers asked for yet");
    assertThat(d.memory().lastUpscale()).as("not judged before a batch ran on them").isNotNull();

    // 120,000/s: 8 wanted, above 1.5 × 4 — the last step was far too small, so it goes
    ScalingDecision far = decide(restart, steady(10, 120_000, 30, 24, 120_000 * 35), 4, 0, m);
    assertThat(far.action()).isEqualTo(Action.UPSCALE);
    assertThat(far.targetWorkers()).isEqualTo(8);
  }

  @Test
  void aScaleDownMustFreeMoreThanATenthOfTheFleet() {
    // 150,000/s at 10,000/s per core needs 10 workers, asked for over the whole window
    List<BatchSample> h = steady(10, 150_000, 30, 30, 150_000 * 35);
    long now = h.get(9).completionTime();
    List<AdaptiveMemory.Ask> asks = new ArrayList<>();
    for (int minute = 13; minute >= 1; minute--) {
      asks.add(new AdaptiveMemory.Ask(now - minute * 60_000L, 10));
    }
    AdaptiveMemory m = new AdaptiveMemory(asks, null, null, 0);
    ScalingDecision held = decide(h, 11, 0, m);
    assertThat(held.expectedWorkers()).isEqualTo(10);
    assertThat(held.action()).isEqualTo(Action.NONE);
    assertThat(held.why()).isEqualTo(Why.BELOW_MIN_STEP);
    assertThat(held.reason()).contains("would free less than 10% of 11");
    assertThat(decide(first, h, 11, 0, m).targetWorkers()).as("revision 1").isEqualTo(10);

    ScalingDecision down = decide(h, 12, 0, m);
    assertThat(down.action()).isEqualTo(Action.DOWNSCALE);
    assertThat(down.targetWorkers()).isEqualTo(10);
  }

  @Test
  void revisionOneMetASurgeInOneStepWithRoomForTheBacklogAndTheBoot() {
    List<BatchSample> h = new ArrayList<>(steady(9, 20_000, 30, 4, 20_000 * 35));
    BatchSample last = h.get(h.size() - 1);
    long start = last.submissionTime() + 60_000;
    // the input jumped to 200,000/s: the latest offsets moved by 12 M in a minute, 9 M behind
    h.add(
        new BatchSample(
            1_200_000,
            0,
            start,
            start + 35_000,
            4,
            "succeeded",
            9_000_000L,
            last.endOffsetSum() + 1_200_000 + 2_000_000,
            null));
    ScalingDecision d = decide(first, h, 2, 0, null);
    assertThat(d.action()).isEqualTo(Action.UPSCALE);
    assertThat(d.reason()).startsWith("workers 2→" + d.targetWorkers() + ", capacity ");
    assertThat(d.sizing().inputRatePerSecond()).isGreaterThan(100_000);
    assertThat(d.targetWorkers()).isGreaterThan(10);
    assertThat(d.memory().lastUpscale()).isNotNull();
  }

  @Test
  void scaleDownWaitsForTheWholeWindowThenGoesToItsHighestAskInOneStep() {
    List<BatchSample> h = steady(10, 20_000, 30, 4, 20_000 * 35);
    AdaptiveMemory m = AdaptiveMemory.EMPTY;
    int actual = 8;
    long window = CONFIG.adaptiveOrDefaults().scaleDownWindowSeconds() * 1000L;
    ScalingDecision d = null;
    int downs = 0;
    // evaluate every minute for 20 minutes at a load that needs 2
    for (int minute = 0; minute < 20; minute++) {
      List<BatchSample> shifted = new ArrayList<>();
      for (BatchSample b : h) {
        shifted.add(
            new BatchSample(
                b.inputRecords(),
                0,
                b.submissionTime() + minute * 60_000L,
                b.completionTime() + minute * 60_000L,
                b.coresUsed(),
                b.status(),
                b.kafkaLag(),
                b.endOffsetSum() + minute * 1_200_000L,
                null));
      }
      d = decide(restart, shifted, actual, 0, m);
      m = d.memory();
      if (d.action() == Action.DOWNSCALE) {
        downs++;
        assertThat(minute * 60_000L)
            .as("not before the window")
            .isGreaterThanOrEqualTo(window - 60_000L);
        actual = d.targetWorkers();
      }
    }
    assertThat(downs).as("one merged step").isEqualTo(1);
    assertThat(actual).isEqualTo(d.expectedWorkers());
  }

  @Test
  void noScaleDownWhileABacklogDrainsOrRightAfterAChange() {
    List<BatchSample> backlog = steady(10, 20_000, 30, 4, 50_000_000);
    AdaptiveMemory full =
        new AdaptiveMemory(List.of(new AdaptiveMemory.Ask(T0 - 3_600_000, 1)), null, null, 0);
    ScalingDecision d = decide(backlog, 40, 0, full);
    assertThat(d.why()).isEqualTo(Why.BACKLOG_DRAINING);
    assertThat(d.action()).isNotEqualTo(Action.DOWNSCALE);

    List<BatchSample> calm = steady(10, 20_000, 30, 4, 20_000 * 35);
    long now = calm.get(9).completionTime();
    ScalingDecision stabilising = decide(calm, 8, now - 60_000, full);
    assertThat(stabilising.why()).isEqualTo(Why.STABILISING);
    assertThat(stabilising.action()).isEqualTo(Action.NONE);
  }

  @Test
  void neverMoreWorkersThanThePartitionsCanUse() {
    List<BatchSample> h = new ArrayList<>();
    for (BatchSample b : steady(10, 500_000, 50, 40, 500_000 * 55)) {
      h.add(
          new BatchSample(
              b.inputRecords(),
              0,
              b.submissionTime(),
              b.completionTime(),
              b.coresUsed(),
              b.status(),
              b.kafkaLag(),
              b.endOffsetSum(),
              12));
    }
    ScalingDecision d = decide(h, 2, 0, null);
    assertThat(d.targetWorkers()).isEqualTo(6);
    assertThat(d.reason()).contains("capped at the 12 partitions");
  }

  @Test
  void aScaleUpThatAddsNoCapacityStopsFurtherScaleUps() {
    // scaled 4 -> 8 six minutes ago at 15,000/s per core; now the per-core rate halved
    AdaptiveMemory m =
        new AdaptiveMemory(List.of(), new AdaptiveMemory.Upscale(T0, 4, 8, 15_000), null, 0);
    List<BatchSample> h = steady(10, 200_000, 55, 32, 200_000 * 60);
    long now = h.get(9).completionTime();
    assertThat(now - T0).isGreaterThan(1000L * (180 + 120));
    ScalingDecision d = decide(h, 8, T0, m);
    assertThat(d.memory().ineffectiveCap()).isEqualTo(8);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.why()).isEqualTo(Why.INEFFECTIVE_UPSCALE);
  }

  /** {@code b} as batch {@code number} of query run {@code run}, as the listener names it. */
  private static BatchSample ofRun(BatchSample b, String run, long number) {
    return b.withRunOf(run + "-" + number);
  }

  /** {@code b} with its busy time {@code busySeconds} (after the 5 s overhead). */
  private static BatchSample busy(BatchSample b, double busySeconds) {
    return new BatchSample(
        b.inputRecords(),
        b.outputBytes(),
        b.submissionTime(),
        b.submissionTime() + (long) ((5 + busySeconds) * 1000),
        b.coresUsed(),
        b.status(),
        b.kafkaLag(),
        b.endOffsetSum(),
        b.partitions(),
        b.runId(),
        b.queryBatch());
  }

  @Test
  void aDriverRestartIsNotJudgedAnIneffectiveScaleUp() {
    // scaled 4 -> 8 at T0 at 15,000/s per core; the batches since ran at that rate on 32 cores,
    // until the driver restarted: the new run's first batch took five times as long (warm-up)
    AdaptiveMemory m =
        new AdaptiveMemory(List.of(), new AdaptiveMemory.Upscale(T0, 4, 8, 15_000), null, 0);
    List<BatchSample> h = new ArrayList<>();
    List<BatchSample> steady = steady(10, 200_000, 25, 32, 200_000 * 35);
    for (int i = 0; i < 8; i++) {
      h.add(ofRun(steady.get(i), "3f0c-a1", 100 + i));
    }
    h.add(busy(ofRun(steady.get(8), "77d2-b2", 108), 125));
    AdaptiveScalingPolicy band = new AdaptiveScalingPolicy(AdaptiveScalingPolicy.BAND_REVISION);
    assertThat(decide(band, h, 8, T0, m).memory().ineffectiveCap())
        .as("revision 4 measured the warm-up and blamed the scale-up")
        .isEqualTo(8);

    ScalingDecision onWarmUp = decide(h, 8, T0, m);
    assertThat(onWarmUp.action()).isEqualTo(Action.NONE);
    assertThat(onWarmUp.why()).isEqualTo(Why.NOT_ENOUGH_DATA);
    assertThat(onWarmUp.reason()).contains("first of its run (77d2-b2)");
    assertThat(onWarmUp.memory()).as("nothing judged on a warm-up").isNull();

    h.add(ofRun(steady.get(9), "77d2-b2", 109));
    ScalingDecision after = decide(h, 8, T0, m);
    assertThat(after.sizing().processingRatePerCore())
        .isCloseTo(15_000, org.assertj.core.data.Offset.offset(1.0));
    assertThat(after.memory().ineffectiveCap()).isNull();
    assertThat(after.why()).isNotEqualTo(Why.INEFFECTIVE_UPSCALE);
  }

  @Test
  void aFreshQuerysFirstBatchSizesNothing() {
    // a new job: batch 0 ran at a fifth of the rate the next one shows
    List<BatchSample> steady = steady(2, 60_000, 30, 8, 60_000 * 35);
    List<BatchSample> h = new ArrayList<>(List.of(busy(ofRun(steady.get(0), "9e-c3", 0), 150)));
    AdaptiveScalingPolicy band = new AdaptiveScalingPolicy(AdaptiveScalingPolicy.BAND_REVISION);
    assertThat(decide(band, h, 1, 0, null).action())
        .as("revision 4 sized a fleet for the warm-up")
        .isEqualTo(Action.UPSCALE);
    ScalingDecision first = decide(h, 1, 0, null);
    assertThat(first.why()).isEqualTo(Why.NOT_ENOUGH_DATA);

    h.add(ofRun(steady.get(1), "9e-c3", 1));
    ScalingDecision d = decide(h, 4, 0, null);
    assertThat(d.sizing().processingRatePerCore())
        .isCloseTo(15_000, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void aBatchBusyForLessThanItsOverheadMeasuresNothing() {
    // light batches: 240,000 records "busy" 4 s on 8 cores after the 5 s overhead read 7,500/s per
    // core; on a real cluster such a batch measures task scheduling, not capacity
    List<BatchSample> h = new ArrayList<>(steady(6, 4_000, 4, 8, 4_000 * 64));
    AdaptiveScalingPolicy band = new AdaptiveScalingPolicy(AdaptiveScalingPolicy.BAND_REVISION);
    assertThat(decide(band, h, 4, 0, null).sizing().processingRatePerCore())
        .isCloseTo(7_500, org.assertj.core.data.Offset.offset(1.0));
    double unknown =
        CONFIG.perCoreRecordsPerBatch() / (double) AdaptiveConfig.DEFAULTS.triggerSeconds();
    assertThat(decide(h, 4, 0, null).sizing().processingRatePerCore())
        .as("no batch measured: the configured rate")
        .isEqualTo(unknown);

    // one batch busy for 20 s at 15,000/s per core: it alone is measured
    BatchSample last = h.get(h.size() - 1);
    long start = last.submissionTime() + 60_000;
    h.add(
        new BatchSample(
            2_400_000,
            0,
            start,
            start + 25_000,
            8,
            "succeeded",
            0L,
            last.endOffsetSum() + 2_400_000,
            null));
    assertThat(decide(h, 4, 0, null).sizing().processingRatePerCore())
        .isCloseTo(15_000, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void batchesWithoutARunAreAllMeasured() {
    // a simulator's or an old listener's batches: no run, nothing skipped
    List<BatchSample> h = steady(3, 60_000, 30, 8, 60_000 * 35);
    assertThat(AdaptiveScalingPolicy.pastWarmUp(h)).hasSize(3);
    assertThat(AdaptiveScalingPolicy.newestIfFirstOfRun(h)).isNull();
  }

  @Test
  void theOverrideWinsOverTheRequestAndBothOffIsNoChange() {
    List<BatchSample> h = steady(10, 200_000, 55, 4, 200_000 * 60);
    long now = h.get(9).completionTime();
    ScalingDecision d =
        policy.decide(
            new ScalingInput(
                CONFIG,
                h,
                List.of(),
                2,
                new ScaleFlags(true, true),
                new ScaleFlags(false, null),
                now,
                0,
                null));
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.why()).isEqualTo(Why.UPSCALE_DISABLED);
    ScalingDecision off =
        policy.decide(
            new ScalingInput(
                CONFIG,
                h,
                List.of(),
                2,
                new ScaleFlags(false, false),
                ScaleFlags.UNSET,
                now,
                0,
                null));
    assertThat(off.why()).isEqualTo(Why.BOTH_DISABLED);
  }
}
