package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adaptive policy's surge rules through the simulated data plane: a surge seen in one report is
 * confirmed by the next only when waiting costs nothing.
 */
class SurgeRulesTest {

  /** 20,000/s for two hours, then {@code after} per minute from minute 120, for three hours. */
  private static Trace surge(int... after) {
    int[] r = new int[300];
    for (int m = 0; m < r.length; m++) {
      int i = m - 120;
      r[m] = i < 0 ? 20_000 : after[Math.min(i, after.length - 1)];
    }
    return new Trace("surge", "", r);
  }

  private static List<PolicyController.Decided> decisionsFromTheSurge(Trace trace) {
    SimConfig model = SimConfig.DEFAULTS.withMaxWorkers(60);
    PolicyController c =
        (PolicyController) Simulation.controller("adaptive", ScalingConfig.REFERENCE, model, trace);
    Simulator.run(trace, model, c, trace.minutes());
    return c.decisions.stream()
        .filter(d -> d.batchCompletionMillis() >= 120 * 60_000L)
        .filter(d -> d.action() != Action.NONE || d.reason().contains("surge"))
        .toList();
  }

  @Test
  void aRisingSurgeIsConfirmedByTheNextReportAndMetInOneStep() {
    // 20k -> 200k/s over four minutes: the first report sees a third of it, still rising
    List<PolicyController.Decided> d =
        decisionsFromTheSurge(surge(56_000, 92_000, 128_000, 168_000, 200_000));
    assertThat(d.get(0).action()).isEqualTo(Action.NONE);
    assertThat(d.get(0).reason()).contains("a surge seen in one report only");
    assertThat(d.get(1).action()).isEqualTo(Action.UPSCALE);
    assertThat(d.get(1).reason()).contains("rising to");
    long ups = d.stream().filter(x -> x.action() == Action.UPSCALE).count();
    assertThat(ups).as("one step up: " + d).isEqualTo(1);
  }

  @Test
  void aStepIsMetAtItsFirstReportWhenTheNextWouldComeAfterNewWorkersCouldBeUp() {
    // 20k -> 100k/s at once: two workers need three minutes for the batch after the report, so
    // waiting for it would keep new workers out of the batch after that
    List<PolicyController.Decided> d = decisionsFromTheSurge(surge(100_000));
    assertThat(d.get(0).action()).as(d.toString()).isEqualTo(Action.UPSCALE);
    assertThat(d.stream().map(PolicyController.Decided::reason))
        .noneMatch(r -> r.contains("a surge seen in one report only"));
  }
}
