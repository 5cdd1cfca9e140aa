package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revision 3 of the adaptive rules (a scale-down asked on the window's rate, a wider settled band)
 * against revision 2 on generated traces: on noisy loads and sawtooths it keeps fewer workers and
 * never lets more minutes go over the SLO than revision 2 plus a little.
 */
class NoiseRevisionTest {

  private static List<SimRun> runs(String family, int boot) {
    List<Trace> traces = new ArrayList<>();
    for (long seed = 1; seed <= 6; seed++) {
      traces.add(TraceFamilies.generate(family, seed));
    }
    return Simulation.compare(
        traces,
        List.of("adaptive", "adaptive-r2"),
        ScalingConfig.REFERENCE,
        SimConfig.DEFAULTS.withBootDelay(boot),
        0,
        1);
  }

  private static double workerHours(List<SimRun> runs, String policy) {
    return runs.stream()
        .filter(r -> r.policy().equals(policy))
        .mapToDouble(SimRun::workerHours)
        .sum();
  }

  private static int sloMinutes(List<SimRun> runs, String policy) {
    return runs.stream()
        .filter(r -> r.policy().equals(policy))
        .mapToInt(SimRun::minutesOverSlo)
        .sum();
  }

  @Test
  void aNoisyLoadIsCarriedByFewerWorkersWithNoMoreMinutesOverTheSlo() {
    for (int boot : new int[] {45, 180}) {
      List<SimRun> runs = runs("jitter", boot);
      assertThat(runs).extracting(SimRun::policy).contains("adaptive", "adaptive-r2");
      assertThat(workerHours(runs, "adaptive"))
          .as("boot %d s", boot)
          .isLessThan(0.95 * workerHours(runs, "adaptive-r2"));
      assertThat(sloMinutes(runs, "adaptive")).as("boot %d s", boot).isZero();
    }
  }

  @Test
  void aSawtoothsQuietPartIsFollowedDown() {
    for (int boot : new int[] {45, 180}) {
      List<SimRun> runs = runs("sawtooth", boot);
      assertThat(workerHours(runs, "adaptive"))
          .as("boot %d s", boot)
          .isLessThan(workerHours(runs, "adaptive-r2"));
      assertThat(sloMinutes(runs, "adaptive"))
          .as("boot %d s", boot)
          .isLessThanOrEqualTo((int) Math.ceil(1.1 * sloMinutes(runs, "adaptive-r2")));
    }
  }
}
