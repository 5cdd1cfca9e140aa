package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SloOracleTest {

  private static Map<String, SimRun> run(Trace t, int boot, String... policies) {
    return Simulation.compare(
            List.of(t),
            List.of(policies),
            ScalingConfig.REFERENCE,
            SimConfig.DEFAULTS.withBootDelay(boot),
            0,
            1)
        .stream()
        .collect(Collectors.toMap(SimRun::policy, r -> r));
  }

  @Test
  void itKeepsEveryRecordWithinTheSloWithTheSameBootDelay() {
    for (String family : List.of("step", "flash-crowd", "jitter", "outage-flush", "sawtooth")) {
      for (int boot : List.of(45, 180)) {
        Map<String, SimRun> r =
            run(TraceFamilies.generate(family, 11), boot, "slo-oracle", "static-peak");
        // the plan is per minute in a fluid model; the micro-batches around a flush can still
        // pass the SLO for a few minutes
        assertThat(r.get("slo-oracle").minutesOverSlo())
            .as("%s at %d s boot", family, boot)
            .isLessThanOrEqualTo(5);
        assertThat(r.get("slo-oracle").workerHours())
            .as("%s at %d s boot: cheaper than the peak all day", family, boot)
            .isLessThan(r.get("static-peak").workerHours());
      }
    }
  }

  @Test
  void waitingUpToTheSloCostsLessThanReadingEverythingAtOnce() {
    // jitter: the oracle re-sizes every minute to read all of Kafka within a trigger; the bound
    // lets records wait up to the SLO and smooths the jitter with the backlog
    Map<String, SimRun> r = run(TraceFamilies.generate("jitter", 5), 45, "slo-oracle", "oracle");
    assertThat(r.get("slo-oracle").workerHours())
        .isLessThanOrEqualTo(r.get("oracle").workerHours());
    assertThat(r.get("slo-oracle").p99FreshnessSeconds())
        .isGreaterThan(r.get("oracle").p99FreshnessSeconds());
  }

  @Test
  void theLazyPlanReadsOnlyWhatDeadlinesNeed() {
    int[] r = new int[240];
    java.util.Arrays.fill(r, 30_000);
    int[] plan =
        Baselines.lazyPlan(new Trace("flat", "", r), SimConfig.DEFAULTS.withMaxWorkers(10));
    // 30,000/s needs 1.96 workers of 15,278/s: two, once the first deadline comes
    assertThat(java.util.Arrays.stream(plan, 10, 230).max().orElseThrow()).isEqualTo(2);
  }

  @Test
  void theFamilyBenchJudgesEveryPolicyAgainstTheBound() {
    FamilyBench.Report report =
        FamilyBench.run(
            1,
            TraceFamilies.FAMILIES.size(),
            List.of(45, 180),
            List.of("classic", "adaptive"),
            ScalingConfig.REFERENCE,
            SimConfig.DEFAULTS);
    assertThat(report.cases()).hasSize(2 * TraceFamilies.FAMILIES.size());
    assertThat(report.policies())
        .extracting(FamilyBench.PolicyFigures::policy)
        .containsExactly("classic", "adaptive", "slo-oracle");
    FamilyBench.PolicyFigures bound = report.policies().get(2);
    assertThat(bound.costMedian()).isEqualTo(1.0);
    assertThat(report.adaptiveNoWorseShare()).containsOnlyKeys("classic");
    String table = FamilyBench.table(report);
    assertThat(table).contains("slo-oracle").contains("adaptive has no more SLO minutes");
    System.out.print(table);
  }
}
