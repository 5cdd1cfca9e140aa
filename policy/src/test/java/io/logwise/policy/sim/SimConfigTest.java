package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimConfigTest {

  @Test
  void aModelSpecSetsTheNamedValuesAndKeepsTheRest() {
    SimConfig m =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5, perCoreRecordsPerSecond=15.5,batchOverheadSeconds=3.2,"
                + "maxOffsetsPerTrigger=1000,partitions=10,driverCores=1");
    assertThat(m.triggerSeconds()).isEqualTo(5);
    assertThat(m.perCoreRecordsPerSecond()).isEqualTo(15.5);
    assertThat(m.batchOverheadSeconds()).isEqualTo(3.2);
    assertThat(m.maxOffsetsPerTrigger()).isEqualTo(1000);
    assertThat(m.partitions()).isEqualTo(10);
    assertThat(m.driverCores()).isEqualTo(1);
    assertThat(m.bootDelaySeconds()).isEqualTo(SimConfig.DEFAULTS.bootDelaySeconds());
    assertThat(SimConfig.DEFAULTS.with("")).isEqualTo(SimConfig.DEFAULTS);
  }

  @Test
  void thePolicyIsToldTheModelsSloUnlessItsTenantKnowsNone() {
    Trace trace = Trace.parse("flat", java.util.List.of("minute,records_per_second", "0,1000"));
    SimConfig model = SimConfig.DEFAULTS.with("sloSeconds=240");
    io.logwise.policy.scaling.ScalingConfig defaults =
        io.logwise.policy.scaling.ScalingConfig.REFERENCE;
    assertThat(
            Simulation.knobs(defaults, model, trace, "adaptive").adaptive().freshnessSloSeconds())
        .isEqualTo(240);
    io.logwise.policy.scaling.ScalingConfig tenSeconds =
        defaults.withAdaptive(
            io.logwise.policy.scaling.AdaptiveConfig.DEFAULTS.withFreshnessSlo(10));
    assertThat(
            Simulation.knobs(tenSeconds, model, trace, "adaptive").adaptive().freshnessSloSeconds())
        .as("a tenant's SLO is the model's business (simulate -c sets the model's from it)")
        .isEqualTo(240);
    io.logwise.policy.scaling.ScalingConfig none =
        defaults.withAdaptive(
            io.logwise.policy.scaling.AdaptiveConfig.DEFAULTS.withFreshnessSlo(0));
    assertThat(Simulation.knobs(none, model, trace, "adaptive").adaptive().freshnessSloSeconds())
        .as("no SLO known: the real loop drains by the catch-up time alone, and so does this one")
        .isZero();
  }

  @Test
  void everyProblemOfASpecIsNamed() {
    assertThatThrownBy(
            () ->
                SimConfig.DEFAULTS.with(
                    "trigger=5,bootDelaySeconds=ten,partitions=2.5,sloSeconds,minWorkers=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'trigger=5': expected key=value with a known key")
        .hasMessageContaining("(keys: triggerSeconds, perCoreRecordsPerSecond,")
        .hasMessageContaining("bootDelaySeconds: 'ten' is not a number")
        .hasMessageContaining("partitions: '2.5' is not a whole number")
        .hasMessageContaining("'sloSeconds': expected key=value")
        .hasMessageNotContaining("minWorkers=3");
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("driverCores=2"))
        .hasMessageContaining("driver cores must be in [0, cores per worker)");
  }

  @Test
  void theDriverHoldsCoresOfTheFirstWorkerOnly() {
    SimConfig m = SimConfig.DEFAULTS.with("driverCores=1");
    assertThat(m.executorCores(1)).isEqualTo(1);
    assertThat(m.executorCores(3)).isEqualTo(5);
    assertThat(SimConfig.DEFAULTS.executorCores(3)).isEqualTo(6);
  }

  @Test
  void aBatchPaysAWaveCostPerRoundOfTasks() {
    SimConfig m =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,batchOverheadSeconds=3,partitions=10,taskWaveSeconds=0.5,"
                + "perCoreRecordsPerSecond=10");
    // 10 tasks on 1 core: 10 waves; on 5 cores: 2; on 10 or more: 1
    assertThat(m.batchSeconds(50, 1)).isEqualTo(3 + 5 + 5.0);
    assertThat(m.batchSeconds(50, 5)).isEqualTo(3 + 1 + 1.0);
    assertThat(m.batchSeconds(50, 10)).isEqualTo(3 + 0.5 + 0.5);
    // on 3 cores: 4 waves of a tenth of the records each, not a third of them in 3.3 waves
    assertThat(m.batchSeconds(50, 3)).isEqualTo(3 + 4 * (0.5 + 0.5));
    assertThat(SimConfig.DEFAULTS.with("partitions=10").batchSeconds(6_000, 4))
        .as("three waves of 600 records on 4 cores")
        .isEqualTo(5 + 3 * 600 / SimConfig.DEFAULTS.perCoreRecordsPerSecond());
    assertThat(SimConfig.DEFAULTS.batchSeconds(60_000, 4))
        .as("no wave cost by default: the starter figures stand")
        .isEqualTo(5 + 60_000 / (4 * SimConfig.DEFAULTS.perCoreRecordsPerSecond()));
    assertThat(m.with("sharedRecordsPerSecond=25").batchSeconds(50, 5))
        .as("a record also costs the shared parts 1/25 s, on however many cores")
        .isEqualTo(3 + 2 + 1 + 1.0);
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("scaleDownRerunSeconds=-1"))
        .hasMessageContaining("scale-down re-run seconds must be >= 0");
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("workerWarmUpSeconds=-1"))
        .hasMessageContaining("worker warm-up seconds must be >= 0");
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("warmUpPerExtraWorkerSeconds=-1"))
        .hasMessageContaining("warm-up per extra worker seconds must be >= 0");
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("sharedRecordsPerSecond=-1"))
        .hasMessageContaining("shared records per second must be >= 0");
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("taskWaveSeconds=-1"))
        .hasMessageContaining("task wave seconds must be >= 0");
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("joinRunningBatch=2"))
        .hasMessageContaining("joinRunningBatch must be 0 or 1");
    assertThat(SimConfig.DEFAULTS.joinRunningBatch()).as("a batch keeps its cores").isZero();
    assertThat(SimConfig.DEFAULTS.with("joinRunningBatch=1").joinRunningBatch()).isOne();
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("joinDelaySeconds=-0.5,coldTaskSeconds=-1"))
        .hasMessageContaining("join delay seconds must be >= 0");
    assertThatThrownBy(() -> SimConfig.DEFAULTS.with("coldTaskSeconds=-1"))
        .hasMessageContaining("cold task seconds must be >= 0");
    SimConfig joining = SimConfig.DEFAULTS.with("joinDelaySeconds=8.5,coldTaskSeconds=11");
    assertThat(joining.joinDelaySeconds()).isEqualTo(8.5);
    assertThat(joining.coldTaskSeconds()).isEqualTo(11);
    assertThat(SimConfig.DEFAULTS.coldTaskSeconds()).as("no cold cost by default").isZero();
  }
}
