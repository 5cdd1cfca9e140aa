package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.logwise.policy.scaling.ScalingDecision.Action;
import io.logwise.policy.scaling.ScalingDecision.Why;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revision 10 of the adaptive rules: while the next report is overdue, the backlog Σ of Kafka's
 * latest offsets shows is sized for a scale-up ({@link AdaptiveScalingPolicy#overdue}), looked at
 * on the loop's timer ({@link AdaptiveScalingPolicy#nextOverdueLookMillis}).
 */
class OverdueRevisionTest {

  private static final AdaptiveScalingPolicy OVERDUE =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.OVERDUE_REVISION);
  private static final AdaptiveScalingPolicy JITTER =
      new AdaptiveScalingPolicy(AdaptiveScalingPolicy.OVERHEAD_JITTER_REVISION);
  private static final ScalingConfig CONFIG =
      ScalingConfig.REFERENCE.withPolicy("adaptive").withWorkers(1, 50);

  /**
   * Ten batches of 20,000/s, each busy 30 s on 4 cores (10,000/s per core; a worker carries
   * 18,333/s), the newest ending 800,000 records behind: 2 workers carry it.
   */
  private static final List<BatchSample> STEADY =
      AdaptiveScalingPolicyTest.steady(10, 20_000, 30, 4, 800_000);

  private static final BatchSample NEWEST = STEADY.get(STEADY.size() - 1);

  /** Σ of the latest offsets {@code seconds} after the newest report, produced at {@code rate}. */
  private static long latestAfter(long seconds, long rate) {
    return NEWEST.latestOffsetSum() + seconds * rate;
  }

  private static ScalingDecision overdue(
      AdaptiveScalingPolicy policy,
      long seconds,
      long latest,
      int actual,
      AdaptiveMemory memory,
      ScaleFlags override) {
    return policy.overdue(
        new ScalingInput(
            CONFIG,
            STEADY,
            List.of("41"),
            actual,
            ScaleFlags.UNSET,
            override,
            NEWEST.completionTime() + seconds * 1000,
            0,
            memory),
        latest);
  }

  private static ScalingDecision overdue(long seconds, long latest, int actual) {
    return overdue(OVERDUE, seconds, latest, actual, null, ScaleFlags.UNSET);
  }

  @Test
  void aFlushSeenInKafkaWhileTheBatchRunsIsSizedBeforeTheBatchEnds() {
    // producers flush at 200,000/s; 180 s after the newest report Kafka holds 36.8M not read
    ScalingDecision d = overdue(180, latestAfter(180, 200_000), 2);
    assertThat(d.action()).isEqualTo(Action.UPSCALE);
    assertThat(d.why()).isEqualTo(Why.SIZED);
    assertThat(d.reason()).startsWith("workers 2→").contains("no report for 180s");
    // input 200,000/s (produced since the report, above the window's 20,000), lag 36.8M less a
    // trigger's input = 24.8M backlog, 29.4M piling up while workers boot, both drained in the
    // 180 s floor: 200,000 / 0.85 + 54.2M / 180
    assertThat(d.sizing().inputRatePerSecond()).isCloseTo(200_000, within(1.0));
    assertThat(d.sizing().lag()).isEqualTo(36_800_000);
    assertThat(d.sizing().targetRatePerSecond()).isCloseTo(235_294 + 301_111, within(2.0));
    assertThat(d.targetWorkers()).isEqualTo(30);
    // the ask is remembered for the scale-down window, the scale-up for its judgement
    assertThat(d.memory().lastUpscale().to()).isEqualTo(30);
    assertThat(d.memory().asks()).extracting(AdaptiveMemory.Ask::workers).contains(30);
  }

  @Test
  void revisionNineAndEarlierDecideNothingBetweenReports() {
    ScalingDecision d = overdue(JITTER, 180, latestAfter(180, 200_000), 2, null, ScaleFlags.UNSET);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.why()).isEqualTo(Why.NOT_ENOUGH_DATA);
    ScalingInput in =
        new ScalingInput(
            CONFIG.withPolicy("classic"),
            STEADY,
            List.of("41"),
            2,
            ScaleFlags.UNSET,
            ScaleFlags.UNSET,
            NEWEST.completionTime() + 180_000,
            0,
            null);
    assertThat(new ClassicScalingPolicy().overdue(in, latestAfter(180, 200_000)).reason())
        .isEqualTo("this policy decides only when a batch ends");
  }

  @Test
  void aReportNotYetTwoTriggersLateIsNotOverdue() {
    ScalingDecision d = overdue(119, latestAfter(119, 200_000), 2);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.reason()).isEqualTo("the next report is not overdue");
    assertThat(overdue(120, latestAfter(120, 200_000), 2).action()).isEqualTo(Action.UPSCALE);
  }

  @Test
  void aFleetThatCarriesWhatKafkaHoldsIsKept() {
    // the same flush on 40 workers: enough, and a batch still running never scales down
    ScalingDecision d = overdue(180, latestAfter(180, 200_000), 40);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.why()).isEqualTo(Why.AT_TARGET);
    assertThat(d.reason()).endsWith("no report for 180s; have 40");
    assertThat(d.memory().asks()).as("no ask for fewer kept").isEmpty();
    // nothing beyond the window's rate arrived, on 10 workers: kept too
    assertThat(overdue(180, latestAfter(180, 20_000), 10).action()).isEqualTo(Action.NONE);
  }

  @Test
  void oneScaleUpPerOverdueBatchTheRunningBatchKeepsItsCores() {
    ScalingDecision first = overdue(180, latestAfter(180, 200_000), 2);
    assertThat(first.action()).isEqualTo(Action.UPSCALE);
    // a minute later the flush is five times as fast: more are wanted, but the workers asked for
    // wait for the batch after the running one, and nothing has measured them yet
    ScalingDecision again =
        overdue(
            OVERDUE,
            240,
            latestAfter(180, 200_000) + 60 * 1_000_000L,
            first.targetWorkers(),
            first.memory(),
            ScaleFlags.UNSET);
    assertThat(again.action()).isEqualTo(Action.NONE);
    assertThat(again.why()).isEqualTo(Why.AWAITING_WORKERS);
    assertThat(again.expectedWorkers()).isGreaterThan(first.targetWorkers());
  }

  @Test
  void aBatchWithoutOffsetsOrADisabledScaleUpDecidesNothing() {
    BatchSample noOffsets =
        new BatchSample(
            NEWEST.inputRecords(),
            0,
            NEWEST.submissionTime(),
            NEWEST.completionTime(),
            4,
            "succeeded",
            null,
            null,
            null);
    List<BatchSample> h = new java.util.ArrayList<>(STEADY.subList(0, STEADY.size() - 1));
    h.add(noOffsets);
    ScalingDecision blind =
        OVERDUE.overdue(
            new ScalingInput(
                CONFIG,
                h,
                List.of("41"),
                2,
                ScaleFlags.UNSET,
                ScaleFlags.UNSET,
                NEWEST.completionTime() + 180_000,
                0,
                null),
            latestAfter(180, 200_000));
    assertThat(blind.action()).isEqualTo(Action.NONE);
    assertThat(blind.reason()).isEqualTo("the newest batch reported no Kafka offsets");
    ScalingDecision off =
        overdue(OVERDUE, 180, latestAfter(180, 200_000), 2, null, new ScaleFlags(false, null));
    assertThat(off.action()).isEqualTo(Action.NONE);
    assertThat(off.why()).isEqualTo(Why.UPSCALE_DISABLED);
    assertThat(off.reason()).startsWith("no report for 180s; ");
  }

  @Test
  void theLoopLooksTwoTriggersAfterTheNewestReportThenBacksOffWhileNoneComes() {
    ScalingMemory m = memoryOf(STEADY, null);
    long due = NEWEST.completionTime() + 120_000;
    assertThat(AdaptiveScalingPolicy.nextOverdueLookMillis(CONFIG, m, 0)).isEqualTo(due);
    // a minute, a minute, then the wait doubles: 2, 4, 8 minutes, then 15 at the most
    long look = due;
    List<Long> waits = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long next = AdaptiveScalingPolicy.nextOverdueLookMillis(CONFIG, m, look);
      waits.add((next - look) / 1000);
      look = next;
    }
    assertThat(waits).containsExactly(60L, 60L, 120L, 240L, 480L, 900L, 900L);
    // a 5 s trigger: a minute beyond it
    ScalingConfig fast = CONFIG.withAdaptive(CONFIG.adaptiveOrDefaults().withTiming(180, 3, 5));
    long fastDue = NEWEST.completionTime() + 65_000;
    assertThat(AdaptiveScalingPolicy.nextOverdueLookMillis(fast, m, 0)).isEqualTo(fastDue);
    assertThat(AdaptiveScalingPolicy.nextOverdueLookMillis(fast, m, fastDue))
        .isEqualTo(fastDue + 60_000);
    assertThat(AdaptiveScalingPolicy.overdueAfterMillis(fast)).isEqualTo(65_000);
    assertThat(AdaptiveScalingPolicy.nextOverdueLookMillis(CONFIG, ScalingMemory.EMPTY, 0))
        .isNull();
  }

  @Test
  void afterALookScaledUpTheLoopWaitsForTheNextReport() {
    ScalingDecision looked = overdue(180, latestAfter(180, 200_000), 2);
    assertThat(looked.memory().lastUpscale().betweenReports()).isTrue();
    ScalingMemory after = memoryOf(STEADY, looked.memory());
    assertThat(AdaptiveScalingPolicy.nextOverdueLookMillis(CONFIG, after, 0)).isNull();
    // a scale-up decided on the newest report itself, taken in 2 s after it ended, holds no look
    AdaptiveMemory onTheReport =
        AdaptiveMemory.EMPTY.upscaled(
            new AdaptiveMemory.Upscale(NEWEST.completionTime() + 2_000, 1, 2, 10_000));
    assertThat(
            AdaptiveScalingPolicy.nextOverdueLookMillis(CONFIG, memoryOf(STEADY, onTheReport), 0))
        .isNotNull();
    ScalingDecision d =
        overdue(OVERDUE, 180, latestAfter(180, 200_000), 2, onTheReport, ScaleFlags.UNSET);
    assertThat(d.action()).as(d.reason()).isEqualTo(Action.UPSCALE);
  }

  @Test
  void afterAMigrationsSwitchTheOffsetsCompareOnlyFromTheNewClustersFirstReport() {
    ScalingMemory m = memoryOf(STEADY, null);
    long ended = NEWEST.completionTime();
    // never switched, or switched before the newest report: that report read this cluster
    assertThat(AdaptiveScalingPolicy.offsetsComparable(m, null, null, null)).isTrue();
    assertThat(AdaptiveScalingPolicy.offsetsComparable(m, ended - 1, null, null)).isTrue();
    // switched after it (or in the same millisecond): it read the old cluster
    assertThat(AdaptiveScalingPolicy.offsetsComparable(m, ended, null, null)).isFalse();
    assertThat(AdaptiveScalingPolicy.offsetsComparable(m, ended + 60_000, null, null)).isFalse();
    assertThat(AdaptiveScalingPolicy.offsetsComparable(ScalingMemory.EMPTY, 1L, null, null))
        .isFalse();
    // taken in by the loop after the switch: the new cluster's, whatever the driver's clock says
    // (here ten minutes behind)
    assertThat(AdaptiveScalingPolicy.offsetsComparable(m, ended + 600_000, ended + 600_001, ended))
        .isTrue();
    assertThat(AdaptiveScalingPolicy.offsetsComparable(m, ended - 600_000, ended - 600_001, ended))
        .isFalse();
    // the report taken in last is not the newest (a late one of the old driver, or a new driver's
    // behind it): its intake says nothing of the newest, whose completion decides
    assertThat(
            AdaptiveScalingPolicy.offsetsComparable(
                m, ended + 600_000, ended + 600_001, ended - 60_000))
        .isFalse();
  }

  @Test
  void aReportOfARunOfTheOldClusterIsToldApartByItsRunNotItsClock() {
    BatchSample old = NEWEST.withRunOf("5d1f0c2a-run-one-7");
    KafkaSwitch s = KafkaSwitch.of(NEWEST.completionTime() + 10_000, List.of(old));
    assertThat(s.oldRuns()).containsExactly("5d1f0c2a-run-one");
    // the old run's report is the old cluster's even if its clock ran ahead of the switch
    BatchSample late = STEADY.get(0).withRunOf("5d1f0c2a-run-one-9");
    assertThat(s.before(late)).isTrue();
    // a new run's is the new cluster's even if its clock runs behind it
    BatchSample fresh = STEADY.get(0).withRunOf("8a2e6b3d-run-two-0");
    assertThat(fresh.completionTime()).isLessThan(s.atMillis());
    assertThat(s.before(fresh)).isFalse();
    // naming no run, by the time it ended
    assertThat(s.before(STEADY.get(0))).isTrue();
    BatchSample unnamedAfter =
        new BatchSample(
            NEWEST.inputRecords(),
            NEWEST.outputBytes(),
            NEWEST.submissionTime(),
            s.atMillis() + 1,
            NEWEST.coresUsed(),
            NEWEST.status(),
            NEWEST.kafkaLag(),
            NEWEST.endOffsetSum(),
            NEWEST.partitions(),
            null,
            null);
    assertThat(s.before(unnamedAfter)).isFalse();
    ScalingMemory m = memoryOf(List.of(late, fresh), null).after(s);
    assertThat(m.window()).containsExactly(fresh);
  }

  private static ScalingMemory memoryOf(List<BatchSample> window, AdaptiveMemory adaptive) {
    return new ScalingMemory(window, 0, 0, adaptive);
  }
}
