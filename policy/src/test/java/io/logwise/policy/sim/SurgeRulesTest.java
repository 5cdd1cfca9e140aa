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
    return decisionsFromTheSurge(trace, "adaptive");
  }

  private static List<PolicyController.Decided> decisionsFromTheSurge(Trace trace, String policy) {
    SimConfig model = SimConfig.DEFAULTS.withMaxWorkers(60);
    PolicyController c =
        (PolicyController) Simulation.controller(policy, ScalingConfig.REFERENCE, model, trace);
    Simulator.run(trace, model, c, trace.minutes());
    return c.decisions.stream()
        .filter(d -> d.batchCompletionMillis() >= 120 * 60_000L)
        .filter(d -> d.action() != Action.NONE || d.reason().contains("surge"))
        .toList();
  }

  @Test
  void aRisingSurgeIsConfirmedByTheNextReportAndMetInOneStepOrTwoWithTheSloDrain() {
    // 20k -> 200k/s over four minutes: the first report sees a third of it, still rising
    Trace rising = surge(56_000, 92_000, 128_000, 168_000, 200_000);
    for (String policy : List.of("adaptive", "adaptive-r5")) {
      List<PolicyController.Decided> d = decisionsFromTheSurge(rising, policy);
      assertThat(d.get(0).action()).as(policy).isEqualTo(Action.NONE);
      assertThat(d.get(0).reason()).as(policy).contains("a surge seen in one report only");
      assertThat(d.get(1).action()).as(policy).isEqualTo(Action.UPSCALE);
      assertThat(d.get(1).reason()).as(policy).contains("rising to");
    }
    // revision 5 meets it in one step and drains what queued over 30 minutes; revision 6 drains it
    // within what the SLO leaves, which takes a second step once the batch that ran on the old
    // workers reports how much queued
    List<PolicyController.Decided> r5 = decisionsFromTheSurge(rising, "adaptive-r5");
    assertThat(r5.stream().filter(x -> x.action() == Action.UPSCALE).count())
        .as("one step up: " + r5)
        .isEqualTo(1);
    List<PolicyController.Decided> r6 = decisionsFromTheSurge(rising);
    assertThat(r6.stream().filter(x -> x.action() == Action.UPSCALE).count())
        .as("two steps up: " + r6)
        .isEqualTo(2);
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
