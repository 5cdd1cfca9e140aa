package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  private static Trace flat(int rate, int minutes) {
    int[] r = new int[minutes];
    java.util.Arrays.fill(r, rate);
    return new Trace("flat", "", r);
  }

  @Test
  void aFleetSizedForTheLoadKeepsEveryRecordFresh() {
    // 30,000/s needs 2 workers (one does 15,278/s with the 5 s overhead)
    SimRun r = Simulator.run(flat(30_000, 240), SimConfig.DEFAULTS, Baselines.staticPeak(), 240);
    assertThat(r.minutesOverSlo()).isZero();
    assertThat(r.workers()).containsOnly(2);
    assertThat(r.workerHours()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.01));
    // a record waits for the next trigger (up to 60 s) and its batch (about 5 + 60×30k/33.3k s)
    assertThat(r.p99FreshnessSeconds()).isBetween(60.0, 125.0);
    assertThat(r.actions()).isZero();
  }

  @Test
  void aFleetTooSmallFallsBehindAndMissesTheSlo() {
    Controller one =
        new Controller() {
          public String name() {
            return "one";
          }

          public int initialWorkers(View v) {
            return 1;
          }

          public int afterBatch(Observation o, View v) {
            return 1;
          }
        };
    SimRun r = Simulator.run(flat(30_000, 120), SimConfig.DEFAULTS, one, 120);
    assertThat(r.minutesOverSlo()).isGreaterThan(60);
    assertThat(r.p99FreshnessSeconds()).isGreaterThan(300);
  }

  @Test
  void theSameInputsGiveTheSameRun() {
    Trace t = flat(50_000, 180);
    SimRun a =
        Simulator.run(
            t,
            SimConfig.DEFAULTS,
            Simulation.controller(
                "adaptive", ScalingConfig.REFERENCE, SimConfig.DEFAULTS.withMaxWorkers(20), t),
            180);
    SimRun b =
        Simulator.run(
            t,
            SimConfig.DEFAULTS,
            Simulation.controller(
                "adaptive", ScalingConfig.REFERENCE, SimConfig.DEFAULTS.withMaxWorkers(20), t),
            180);
    assertThat(a.workers()).isEqualTo(b.workers());
    assertThat(a.workerHours()).isEqualTo(b.workerHours());
  }

  @Test
  void theOracleIsTheCostFloorAndNeverLate() {
    Trace t = flat(50_000, 120);
    List<SimRun> runs =
        Simulation.compare(
            List.of(t),
            List.of("oracle", "static-peak"),
            ScalingConfig.REFERENCE,
            SimConfig.DEFAULTS,
            0,
            1);
    assertThat(runs.get(0).minutesOverSlo()).isZero();
    assertThat(runs.get(0).workerHours()).isLessThanOrEqualTo(runs.get(1).workerHours());
  }
}
