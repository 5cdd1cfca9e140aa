package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingDecision.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revision 7 of the adaptive rules: a batch whose cores differ from the batch before it ran across
 * a change of the fleet (executors joined part-way, or were lost and their tasks ran again), so it
 * measures neither fleet and is left out of the per-core rate.
 */
class ChangedCoresRevisionTest {

  /** The closed-loop test's settings (worker/src/test/resources/closed-loop/adaptive.run). */
  static final ScalingConfig CLOSED_LOOP =
      ScalingConfig.REFERENCE
          .withPolicy("adaptive")
          .withWorkers(1, 3)
          .withAdaptive(new AdaptiveConfig(0.85, 60, 20, 3, 5, 45, 20, 4, 300));

  /**
   * The real pipeline's after-step flap, batch by batch as ClosedLoopSparkIT recorded it (the
   * adaptive run): four light batches on 5 cores, then the scale-down from 3 workers to 1, and the
   * batch running across it took 11.4 s for 50 records (the lost executors' tasks ran again),
   * reported on the 2 cores left. Revision 6 measured it, read 3 records/s per core, and scaled
   * straight back up to 3; revision 7 leaves it out.
   */
  @Test
  void theBatchAcrossAScaleDownDoesNotScaleTheFleetBackUp() {
    long[][] recorded = { // submitted, duration ms, records, cores
      {1796529585001L, 2647, 50, 5},
      {1796529590000L, 2575, 50, 5},
      {1796529595000L, 2546, 50, 5},
      {1796529600000L, 3654, 60, 5},
      {1796529605001L, 11390, 50, 2}
    };
    List<BatchSample> h = new ArrayList<>();
    long produced = 3_000;
    for (long[] b : recorded) {
      long end = b[0] + b[1];
      produced += 10 * (b[1] + 2_000) / 1000; // 10 records/s
      long lag = b == recorded[recorded.length - 1] ? 120 : 40;
      h.add(new BatchSample(b[2], 0, b[0], end, (int) b[3], "succeeded", lag, produced, 10));
    }
    long scaledDownAt = 1796529603671L;

    ScalingDecision r6 = decide(AdaptiveScalingPolicy.SLO_REVISION, h, scaledDownAt);
    assertThat(r6.action()).as("revision 6, as the real run did").isEqualTo(Action.UPSCALE);
    assertThat(r6.targetWorkers()).isEqualTo(3);
    assertThat(r6.sizing().processingRatePerCore()).isLessThan(4);

    ScalingDecision r7 = decide(AdaptiveScalingPolicy.LATEST_REVISION, h, scaledDownAt);
    assertThat(r7.action()).isNotEqualTo(Action.UPSCALE);
    assertThat(r7.targetWorkers()).isEqualTo(1);
  }

  @Test
  void aBatchIsMeasuredOnlyOnTheCoresOfTheBatchBeforeIt() {
    BatchSample first = batch(0, 2);
    BatchSample same = batch(1, 2);
    BatchSample joined = batch(2, 6); // new executors joined while it ran: reported at its end
    BatchSample after = batch(3, 6);
    BatchSample unknown = batch(4, null);
    BatchSample next = batch(5, 6);
    List<BatchSample> h = List.of(after, first, joined, same, unknown, next); // any order
    assertThat(AdaptiveScalingPolicy.onSteadyCores(first, h))
        .as("the oldest kept: cannot be told")
        .isFalse();
    assertThat(AdaptiveScalingPolicy.onSteadyCores(same, h)).isTrue();
    assertThat(AdaptiveScalingPolicy.onSteadyCores(joined, h)).isFalse();
    assertThat(AdaptiveScalingPolicy.onSteadyCores(after, h)).isTrue();
    assertThat(AdaptiveScalingPolicy.onSteadyCores(unknown, h)).isTrue();
    assertThat(AdaptiveScalingPolicy.onSteadyCores(next, h))
        .as("after a batch that reported no cores")
        .isTrue();
  }

  /**
   * The loop keeps as many batches as a default rate window: the batch across the scale-down is
   * still left out once it is the oldest kept, with no batch before it to compare.
   */
  @Test
  void theBatchAcrossAChangeIsNotMeasuredOnceItIsTheOldestKept() {
    ScalingConfig tenWindow =
        CLOSED_LOOP.withAdaptive(new AdaptiveConfig(0.85, 60, 20, 3, 5, 45, 20, 10, 300));
    List<BatchSample> h = new ArrayList<>();
    long t = 1_796_529_605_001L;
    long produced = 10_000;
    for (int i = 0; i < 10; i++) {
      long took = i == 0 ? 11_390 : 2_500; // the re-run batch, then light ones on the same cores
      produced += 50;
      h.add(new BatchSample(50, 0, t, t + took, 2, "succeeded", 40L, produced, 10));
      t += Math.max(5_000, took);
    }
    long scaledDownAt = 1_796_529_603_671L;
    assertThat(decide(AdaptiveScalingPolicy.SLO_REVISION, h, scaledDownAt, tenWindow).action())
        .isEqualTo(Action.UPSCALE);
    ScalingDecision r7 = decide(AdaptiveScalingPolicy.LATEST_REVISION, h, scaledDownAt, tenWindow);
    assertThat(r7.action()).isNotEqualTo(Action.UPSCALE);
  }

  /**
   * A scale-up is not judged on the batch that ran across it (left out of the rate, which would
   * still be the old fleet's alone, so any scale-up would look effective), but on the next. Here
   * the new workers add nothing: revision 6 judged the scale-up effective on the batch across it,
   * before any batch had measured the new cores; revision 7 finds it ineffective on the next.
   */
  @Test
  void aScaleUpIsJudgedOnTheFirstBatchMeasuredOnTheNewCores() {
    long up = 1_700_000_000_000L;
    AdaptiveMemory m =
        new AdaptiveMemory(List.of(), new AdaptiveMemory.Upscale(up, 1, 3, 20), null, 0);
    List<BatchSample> h = new ArrayList<>();
    long produced = 0;
    long t = up - 60_000;
    for (int i = 0; i < 10; i++) {
      produced += 300;
      // 300 records in 10 s on one core; batch 8 ran across the scale-up and reports the five
      // cores at its end; batch 9 ran on the five and took 40 s: they added nothing
      int cores = i < 8 ? 1 : 5;
      long took = i < 9 ? 10_000 : 40_000;
      h.add(new BatchSample(300, 0, t, t + took, cores, "succeeded", 100L, produced, 10));
      t += 10_000;
    }
    List<BatchSample> acrossOnly = h.subList(0, 9);

    ScalingDecision r6 = decide(AdaptiveScalingPolicy.SLO_REVISION, acrossOnly, up, CLOSED_LOOP, m);
    assertThat(r6.memory().lastUpscale()).as("revision 6 judged it on the batch across").isNull();
    assertThat(r6.memory().ineffectiveCap()).as("and found it effective").isNull();

    ScalingDecision first =
        decide(AdaptiveScalingPolicy.LATEST_REVISION, acrossOnly, up, CLOSED_LOOP, m);
    assertThat(first.memory().lastUpscale()).as("not judged on the batch across it").isNotNull();
    ScalingDecision next = decide(AdaptiveScalingPolicy.LATEST_REVISION, h, up, CLOSED_LOOP, m);
    assertThat(next.memory().lastUpscale()).isNull();
    assertThat(next.memory().ineffectiveCap()).as("judged, and found ineffective").isEqualTo(3);
  }

  /** The {@code i}th of one-minute batches, 30 s each, on {@code cores}. */
  private static BatchSample batch(int i, Integer cores) {
    long start = 1_700_000_000_000L + i * 60_000L;
    return new BatchSample(600_000, 0, start, start + 30_000, cores, "succeeded");
  }

  private static ScalingDecision decide(int revision, List<BatchSample> h, long lastChange) {
    return decide(revision, h, lastChange, CLOSED_LOOP);
  }

  private static ScalingDecision decide(
      int revision, List<BatchSample> h, long lastChange, ScalingConfig config) {
    return decide(revision, h, lastChange, config, null);
  }

  private static ScalingDecision decide(
      int revision,
      List<BatchSample> h,
      long lastChange,
      ScalingConfig config,
      AdaptiveMemory memory) {
    int actual = memory != null && memory.lastUpscale() != null ? memory.lastUpscale().to() : 1;
    return new AdaptiveScalingPolicy(revision)
        .decide(
            new ScalingInput(
                config,
                h,
                List.of("41"),
                actual,
                ScaleFlags.UNSET,
                ScaleFlags.UNSET,
                h.get(h.size() - 1).completionTime(),
                lastChange,
                memory));
  }
}
