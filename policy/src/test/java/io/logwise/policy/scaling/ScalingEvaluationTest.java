package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingEvaluationTest {

  private static final long T0 = 1_700_000_000_000L;

  private static ScalingMemory fiveBatches(long lastScaleUp) {
    ScalingMemory m = new ScalingMemory(List.of(), lastScaleUp, lastScaleUp, null);
    long[] ir = {2_000_000, 2_500_000, 3_000_000, 3_500_000, 4_000_000};
    for (int i = 0; i < ir.length; i++) {
      long t = T0 + i * 60_000L;
      m =
          m.withBatch(
              ScalingConfig.REFERENCE, new BatchSample(ir[i], 1, t, t + 1000, null, "succeeded"));
    }
    return m;
  }

  private static ScalingEvaluation.Context ctx(FleetView fleet, long now) {
    return new ScalingEvaluation.Context(
        ScalingConfig.REFERENCE,
        fleet,
        List.of("57"),
        ScaleFlags.UNSET,
        ScaleFlags.UNSET,
        now,
        600_000,
        AdaptiveScalingPolicy.LATEST_REVISION);
  }

  @Test
  void nothingObservedIsNoChangeThatSaysWhyAndLooksAtNothing() {
    ScalingEvaluation.Result r = ScalingEvaluation.blind("cannot observe the fleet: timeout");

    assertThat(r.decision().action()).isEqualTo(ScalingDecision.Action.NONE);
    assertThat(r.decision().why()).isEqualTo(ScalingDecision.Why.CANNOT_OBSERVE);
    assertThat(r.decision().reason()).isEqualTo("cannot observe the fleet: timeout");
    assertThat(r.inputs()).isNull();
  }

  @Test
  void workersStillBootingCountAsPresentUntilTheBootTimeout() {
    long now = T0 + 300_000;
    ScalingEvaluation.Result booting =
        ScalingEvaluation.evaluate(fiveBatches(now - 60_000), ctx(new FleetView(7, 3, 3), now));
    assertThat(booting.inputs().booting()).isTrue();
    assertThat(booting.inputs().actualWorkers()).isEqualTo(7);
    assertThat(booting.decision().action()).isEqualTo(ScalingDecision.Action.NONE);

    ScalingEvaluation.Result late =
        ScalingEvaluation.evaluate(fiveBatches(now - 700_000), ctx(new FleetView(7, 3, 3), now));
    assertThat(late.inputs().booting()).isFalse();
    assertThat(late.inputs().actualWorkers()).isEqualTo(3);
    assertThat(late.decision().action()).isEqualTo(ScalingDecision.Action.UPSCALE);
    assertThat(late.inputs().inputRecordsNewestFirst())
        .containsExactly(4_000_000L, 3_500_000L, 3_000_000L, 2_500_000L, 2_000_000L);
    assertThat(late.inputs().latestWal()).isEqualTo("57");
  }

  @Test
  void actingRemembersWhenTheFleetGrewAndChanged() {
    ScalingMemory m = fiveBatches(0);
    ScalingDecision up = ScalingDecision.scaleTo(3, 7, 7, "x");
    ScalingMemory after = m.acted(up, true, T0 + 1);
    assertThat(after.lastScaleUpAtMillis()).isEqualTo(T0 + 1);
    assertThat(after.lastChangeAtMillis()).isEqualTo(T0 + 1);
    ScalingMemory unchanged = m.acted(up, false, T0 + 2);
    assertThat(unchanged.lastScaleUpAtMillis()).isZero();
    // revision 11: a surge remembered by a scale-up that did not happen (a dry run, a fleet that
    // did not answer) holds nothing; a release that did not happen keeps the surge held
    ScalingDecision surge =
        ScalingDecision.scaleTo(3, 7, 7, "x").with(null, AdaptiveMemory.EMPTY.withSurge(T0 + 2));
    assertThat(m.acted(surge, false, T0 + 2).adaptive().surgedAtMillis()).isNull();
    assertThat(m.acted(surge, true, T0 + 2).adaptive().surgedAtMillis()).isEqualTo(T0 + 2);
    ScalingMemory surged = m.acted(surge, true, T0 + 2);
    ScalingDecision release =
        ScalingDecision.scaleTo(7, 2, 2, "x").with(null, AdaptiveMemory.EMPTY);
    assertThat(surged.acted(release, false, T0 + 3).adaptive().surgedAtMillis()).isEqualTo(T0 + 2);
    assertThat(surged.acted(release, true, T0 + 3).adaptive().surgedAtMillis()).isNull();
    assertThat(
            m.withBatch(
                    ScalingConfig.REFERENCE,
                    new BatchSample(1, 0, T0 + 300_000, T0 + 301_000, 2, "ok"))
                .window())
        .hasSize(6)
        .last()
        .extracting(BatchSample::submissionTime)
        .isEqualTo(T0 + 300_000);
  }

  private static ScalingEvaluation.Context ctx(
      FleetView fleet, long now, String masterProblem, ScalingEvaluation.Floor floor) {
    ScalingEvaluation.Context c = ctx(fleet, now);
    return new ScalingEvaluation.Context(
        c.config(),
        c.fleet(),
        c.walFiles(),
        c.request(),
        c.override(),
        c.nowMillis(),
        c.bootTimeoutMillis(),
        c.policyRevision(),
        masterProblem,
        floor);
  }

  @Test
  void withoutTheMasterTheStepDecidesNoScaleDownAndLetsAScaleUpStand() {
    long now = T0 + 300_000;
    FleetView many = new FleetView(40, 40, 40);
    assertThat(ScalingEvaluation.evaluate(fiveBatches(0), ctx(many, now)).decision().action())
        .as("with the master: the policy scales down")
        .isEqualTo(ScalingDecision.Action.DOWNSCALE);

    ScalingDecision blind =
        ScalingEvaluation.evaluate(fiveBatches(0), ctx(many, now, "master down", null)).decision();
    assertThat(blind.action()).isEqualTo(ScalingDecision.Action.NONE);
    assertThat(blind.why()).isEqualTo(ScalingDecision.Why.CANNOT_OBSERVE);
    assertThat(blind.reason()).startsWith("master down: no scale-down without knowing");

    ScalingDecision up =
        ScalingEvaluation.evaluate(
                fiveBatches(0), ctx(new FleetView(3, 3, 3), now, "master down", null))
            .decision();
    assertThat(up.action()).isEqualTo(ScalingDecision.Action.UPSCALE);
  }

  @Test
  void aPlannedFloorIsPartOfTheStepsDecision() {
    long now = T0 + 300_000;
    FleetView three = new FleetView(3, 3, 3);
    ScalingDecision policyAlone =
        ScalingEvaluation.evaluate(
                fiveBatches(0), ctx(three, now, null, ScalingEvaluation.Floor.NONE))
            .decision();
    assertThat(policyAlone.targetWorkers()).as("below the floor by itself").isLessThan(10);

    ScalingDecision held =
        ScalingEvaluation.evaluate(
                fiveBatches(0), ctx(three, now, null, new ScalingEvaluation.Floor(10, "sale")))
            .decision();
    assertThat(held.action()).isEqualTo(ScalingDecision.Action.UPSCALE);
    assertThat(held.targetWorkers()).isEqualTo(10);
    assertThat(held.reason()).contains("sale holds at least 10 workers");
  }
}
