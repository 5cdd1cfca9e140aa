package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingDecision.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revision 8 of the adaptive rules: a batch's cores are the fewer of what the listener reported and
 * what the Spark master granted the job when the loop took the batch in, and a batch that reported
 * cores the master had not granted is left out of the per-core rate (the driver still listed a
 * stopped worker's executor, and the tasks sent to it ran again); and while no batch in the window
 * measures a rate, the rate last measured stands in for the configured constant.
 */
class GrantedCoresRevisionTest {

  /** The closed-loop test's settings, the same in every adaptive run it recorded. */
  private static final ScalingConfig CLOSED_LOOP = ChangedCoresRevisionTest.CLOSED_LOOP;

  /** When the recorded run's loop released the fleet from 3 workers to 1. */
  private static final long RELEASED_AT = 1796553886828L;

  /**
   * ClosedLoopSparkIT's revision-7 run (adaptive-r7.run), batch by batch: the step's tail on 5
   * cores, light batches, the release to one worker, then two batches the listener reported on 2
   * cores while the master granted the job 1 (its grant is the last one sampled before each batch
   * ended), and the lag the loop's decision on each read. The second took 8.6 s for 50 records;
   * revision 7 measured it (2 cores, like the batch before it) and scaled straight back up to 3, as
   * the real run did.
   */
  private static final long[][] RECORDED = { // submitted, ms, records, reported, granted, lag
    {1796553839822L, 7517, 240, 5, 5, 210},
    {1796553847340L, 9118, 210, 5, 5, 300},
    {1796553856460L, 8798, 300, 5, 5, 240},
    {1796553865261L, 7527, 240, 5, 5, 210},
    {1796553872795L, 5463, 210, 5, 5, 50},
    {1796553878262L, 2792, 50, 5, 5, 30},
    {1796553881062L, 2790, 30, 5, 5, 30},
    {1796553885000L, 1805, 40, 5, 5, 20},
    {1796553890001L, 5396, 50, 2, 1, 50},
    {1796553895405L, 8615, 50, 2, 1, 90}
  };

  /**
   * The window alone, with no rate remembered (the recorded run's loop, on revision 7, remembered
   * none), so the configured rate stands in where nothing is measured: the cores rule on its own.
   * With a rate remembered, revision 8 would not have released the fleet to one worker before it.
   */
  @Test
  void aBatchReportedOnAStoppedWorkersExecutorDoesNotScaleTheFleetBackUp() {
    List<BatchSample> h = recorded(RECORDED.length);

    ScalingDecision r7 = decide(AdaptiveScalingPolicy.CHANGED_CORES_REVISION, h);
    assertThat(r7.action())
        .as("revision 7, as the real run did: %s", r7.reason())
        .isEqualTo(Action.UPSCALE);
    assertThat(r7.targetWorkers()).isEqualTo(3);
    assertThat(r7.sizing().processingRatePerCore()).isLessThan(5);

    ScalingDecision r8 = decide(AdaptiveScalingPolicy.GRANTED_CORES_REVISION, h);
    assertThat(r8.action()).isNotEqualTo(Action.UPSCALE);
    assertThat(r8.targetWorkers()).isEqualTo(1);
    assertThat(r8.reason()).as("neither batch on one core measured").endsWith("have 1");
  }

  @Test
  void withoutAGrantRevisionEightDecidesAsRevisionSeven() {
    List<BatchSample> h =
        recorded(RECORDED.length).stream().map(b -> b.withGrantedCores(null)).toList();
    ScalingDecision r8 = decide(AdaptiveScalingPolicy.GRANTED_CORES_REVISION, h);
    assertThat(r8.action()).isEqualTo(Action.UPSCALE);
    assertThat(r8.reason())
        .isEqualTo(decide(AdaptiveScalingPolicy.CHANGED_CORES_REVISION, h).reason());
  }

  @Test
  void aBatchIsMeasuredOnTheFewerOfTheCoresReportedAndGranted() {
    BatchSample first = batch(0, 2, 2);
    BatchSample stale = batch(1, 2, 1); // the driver still lists a stopped worker's executor
    BatchSample regranted = batch(2, 2, 2); // a second executor again: more real cores than before
    BatchSample after = batch(3, 2, 2);
    BatchSample dropped = batch(4, 1, 1); // the driver dropped a lost executor while it ran
    BatchSample next = batch(5, 1, 1);
    BatchSample joining = batch(6, 1, 3); // granted, not yet registered with the driver
    BatchSample joined = batch(7, 3, 3);
    BatchSample unknown = batch(8, 3, null);
    List<BatchSample> h =
        List.of(next, first, stale, regranted, after, dropped, joining, joined, unknown);

    assertThat(AdaptiveScalingPolicy.onGrantedCores(first, h)).as("the oldest kept").isFalse();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(stale, h))
        .as("reported cores the master had not granted")
        .isFalse();
    assertThat(AdaptiveScalingPolicy.onSteadyCores(stale, h)).as("revision 7 measured it").isTrue();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(regranted, h))
        .as("ran on 2 real cores after a batch on 1")
        .isFalse();
    assertThat(AdaptiveScalingPolicy.onSteadyCores(regranted, h))
        .as("revision 7: 2 reported, as before")
        .isTrue();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(after, h)).isTrue();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(dropped, h))
        .as("fewer reported than the batch before: out, as in revision 7")
        .isFalse();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(next, h)).isTrue();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(joining, h))
        .as("ran on the one core it reported")
        .isTrue();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(joined, h))
        .as("new executors joined part-way")
        .isFalse();
    assertThat(AdaptiveScalingPolicy.onGrantedCores(unknown, h)).isTrue();
    assertThat(AdaptiveScalingPolicy.coresRanOn(stale)).isEqualTo(1);
    assertThat(AdaptiveScalingPolicy.coresRanOn(joining)).isEqualTo(1);
    assertThat(AdaptiveScalingPolicy.coresRanOn(unknown)).isEqualTo(3);
    assertThat(AdaptiveScalingPolicy.coresRanOn(batch(9, null, 2))).isEqualTo(2);
  }

  /**
   * A scale-up is judged on a measured rate only: after it, a window of light batches measures
   * nothing, and the rate remembered from before the scale-up would find it effective whatever the
   * new workers did. Revision 7 judged it there, on the configured rate; revision 8 waits.
   */
  @Test
  void aScaleUpIsNotJudgedOnAWindowThatMeasuredNothing() {
    long up = 1_700_000_000_000L;
    AdaptiveMemory m =
        new AdaptiveMemory(List.of(), new AdaptiveMemory.Upscale(up, 1, 3, 20), null, 0, 20.0);
    List<BatchSample> h = new ArrayList<>();
    long read = 0;
    long t = up + 60_000;
    for (int i = 0; i < 6; i++) {
      read += 50;
      // 50 records in 4 s against a 3 s overhead: light, on the 5 cores granted
      h.add(
          new BatchSample(50, 0, t, t + 4_000, 5, "succeeded", 40L, read, 10).withGrantedCores(5));
      t += 5_000;
    }
    ScalingInput in = input(h, 3, h.get(h.size() - 1).completionTime(), up, m);

    ScalingDecision r7 =
        new AdaptiveScalingPolicy(AdaptiveScalingPolicy.CHANGED_CORES_REVISION).decide(in);
    assertThat(r7.memory().lastUpscale()).as("revision 7 judged it").isNull();
    ScalingDecision r8 =
        new AdaptiveScalingPolicy(AdaptiveScalingPolicy.GRANTED_CORES_REVISION).decide(in);
    assertThat(r8.sizing().processingRatePerCore()).as("the remembered rate").isEqualTo(20.0);
    assertThat(r8.memory().lastUpscale()).as("revision 8 waits for a measurement").isNotNull();
    assertThat(r8.memory().measuredPerCore()).as("nothing new measured").isEqualTo(20.0);
  }

  /**
   * ClosedLoopSparkIT's first run on revision 8 as first built (before it kept the measured rate),
   * in the step's last two minutes: 30 records/s on 3 workers (5 executor cores). As the backlog
   * drained the batches got light (busy less than the 3 s overhead: not measured), the window held
   * none that measured, the per-core rate fell back to the configured constant (100,000/s, the
   * reference's 500,000 a batch) and the loop released the fleet to one worker 8 s before the step
   * ended, at 30 records/s; the lag doubled. Each row: submitted, ms, records, cores (granted as
   * reported), and the lag the loop's decision on the batch read.
   */
  private static final long[][] STEP_TAIL = {
    {1796579521554L, 13172, 510, 5, 390},
    {1796579534730L, 11124, 390, 5, 330},
    {1796579545857L, 9997, 330, 5, 300},
    {1796579555859L, 10169, 300, 5, 300},
    {1796579566034L, 9029, 300, 5, 270},
    {1796579575067L, 8362, 270, 5, 270},
    {1796579583432L, 8148, 270, 5, 240},
    {1796579591587L, 7425, 240, 5, 210},
    {1796579599016L, 4973, 210, 5, 150},
    {1796579603994L, 5735, 150, 5, 180},
    {1796579609731L, 6279, 180, 5, 180},
    {1796579616018L, 5256, 180, 5, 180},
    {1796579621276L, 4666, 180, 5, 120},
    {1796579625944L, 4649, 120, 5, 150},
    {1796579630598L, 5514, 150, 5, 150},
    {1796579636117L, 5194, 150, 5, 180},
    {1796579641315L, 5960, 180, 5, 180},
    {1796579647282L, 5767, 180, 5, 150}
  };

  /** When that run's loop scaled up to 3 workers. */
  private static final long STEP_SCALED_UP_AT = 1796579435170L;

  @Test
  void aWindowOfLightBatchesIsSizedOnTheRateLastMeasuredNotTheConfiguredOne() {
    List<ScalingDecision> r7 = evaluateInTurn(AdaptiveScalingPolicy.CHANGED_CORES_REVISION);
    assertThat(r7)
        .as("revision 7 released the fleet at 30 records/s, as the real run did")
        .anyMatch(d -> d.action() == Action.DOWNSCALE && d.targetWorkers() == 1);

    List<ScalingDecision> r8 = evaluateInTurn(AdaptiveScalingPolicy.GRANTED_CORES_REVISION);
    assertThat(r8).noneMatch(d -> d.action() != Action.NONE);
    assertThat(r8)
        .extracting(d -> d.sizing().processingRatePerCore())
        .as("the run's measured rates, 9-11 records/s per core")
        .allMatch(rate -> rate > 9 && rate < 11.5);
    assertThat(r8.stream().map(d -> d.memory().measuredPerCore()).distinct().count())
        .as("the remembered rate follows each window that measured")
        .isGreaterThan(3);
    assertThat(r7).allMatch(d -> d.memory() == null || d.memory().measuredPerCore() == null);
  }

  /** The step's tail evaluated batch by batch on 3 workers, as the loop would. */
  private static List<ScalingDecision> evaluateInTurn(int revision) {
    List<BatchSample> all = new ArrayList<>();
    long read = 50_000;
    for (long[] b : STEP_TAIL) {
      read += b[2];
      all.add(
          new BatchSample(b[2], 0, b[0], b[0] + b[1], (int) b[3], "succeeded", b[4], read, 10)
              .withGrantedCores((int) b[3]));
    }
    return evaluateInTurn(revision, all, STEP_SCALED_UP_AT, false);
  }

  /**
   * {@code all} evaluated batch by batch on 3 workers, as the loop would: the ten newest batches
   * kept, the policy's memory carried from one decision to the next, from the second batch on (the
   * first has no batch before it, and the real loop had kept those); {@code untilAChange}: up to
   * the first decision that changes the fleet (the recorded batches after it ran on the old one).
   */
  static List<ScalingDecision> evaluateInTurn(
      int revision, List<BatchSample> all, long lastChangeMillis, boolean untilAChange) {
    AdaptiveMemory memory = null;
    List<ScalingDecision> decisions = new ArrayList<>();
    for (int i = 1; i < all.size(); i++) {
      List<BatchSample> kept = all.subList(Math.max(0, i - 9), i + 1);
      ScalingDecision d =
          new AdaptiveScalingPolicy(revision)
              .decide(input(kept, 3, all.get(i).completionTime(), lastChangeMillis, memory));
      decisions.add(d);
      memory = d.memory() != null ? d.memory() : memory;
      if (untilAChange && d.action() != Action.NONE) {
        break;
      }
    }
    return decisions;
  }

  /** The first {@code n} recorded batches, as the loop kept them, each stamped with its grant. */
  private static List<BatchSample> recorded(int n) {
    List<BatchSample> h = new ArrayList<>();
    long read = 50_000;
    for (int i = 0; i < n; i++) {
      long[] b = RECORDED[i];
      read += b[2];
      h.add(
          new BatchSample(b[2], 0, b[0], b[0] + b[1], (int) b[3], "succeeded", b[5], read, 10)
              .withGrantedCores((int) b[4]));
    }
    return h;
  }

  /** The {@code i}th of one-minute batches, 30 s each. */
  private static BatchSample batch(int i, Integer reported, Integer granted) {
    long start = 1_700_000_000_000L + i * 60_000L;
    return new BatchSample(600_000, 0, start, start + 30_000, reported, "succeeded")
        .withGrantedCores(granted);
  }

  private static ScalingDecision decide(int revision, List<BatchSample> h) {
    return new AdaptiveScalingPolicy(revision)
        .decide(input(h, 1, h.get(h.size() - 1).completionTime(), RELEASED_AT, null));
  }

  /**
   * The closed loop's settings, its newest WAL file and both directions enabled, with {@code
   * batches} on {@code actual} workers at {@code nowMillis}.
   */
  static ScalingInput input(
      List<BatchSample> batches,
      int actual,
      long nowMillis,
      long lastChangeMillis,
      AdaptiveMemory memory) {
    return new ScalingInput(
        CLOSED_LOOP,
        batches,
        List.of("41"),
        actual,
        ScaleFlags.UNSET,
        ScaleFlags.UNSET,
        nowMillis,
        lastChangeMillis,
        memory);
  }
}
