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
  private static final ScalingConfig CLOSED_LOOP =
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
  void aBatchIsAcrossAFleetChangeWhenItsCoresDifferFromTheBatchBeforeIt() {
    BatchSample first = batch(0, 2);
    BatchSample same = batch(1, 2);
    BatchSample joined = batch(2, 6); // new executors joined while it ran: reported at its end
    BatchSample after = batch(3, 6);
    BatchSample unknown = batch(4, null);
    BatchSample next = batch(5, 6);
    List<BatchSample> h = List.of(after, first, joined, same, unknown, next); // any order
    assertThat(AdaptiveScalingPolicy.acrossAFleetChange(first, h)).as("the oldest").isFalse();
    assertThat(AdaptiveScalingPolicy.acrossAFleetChange(same, h)).isFalse();
    assertThat(AdaptiveScalingPolicy.acrossAFleetChange(joined, h)).isTrue();
    assertThat(AdaptiveScalingPolicy.acrossAFleetChange(after, h)).isFalse();
    assertThat(AdaptiveScalingPolicy.acrossAFleetChange(unknown, h)).isFalse();
    assertThat(AdaptiveScalingPolicy.acrossAFleetChange(next, h))
        .as("after a batch that reported no cores")
        .isFalse();
  }

  /** The {@code i}th of one-minute batches, 30 s each, on {@code cores}. */
  private static BatchSample batch(int i, Integer cores) {
    long start = 1_700_000_000_000L + i * 60_000L;
    return new BatchSample(600_000, 0, start, start + 30_000, cores, "succeeded");
  }

  private static ScalingDecision decide(int revision, List<BatchSample> h, long lastChange) {
    return new AdaptiveScalingPolicy(revision)
        .decide(
            new ScalingInput(
                CLOSED_LOOP,
                h,
                List.of("41"),
                1,
                ScaleFlags.UNSET,
                ScaleFlags.UNSET,
                h.get(h.size() - 1).completionTime(),
                lastChange,
                null));
  }
}
