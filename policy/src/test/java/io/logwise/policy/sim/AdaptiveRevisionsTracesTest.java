package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.ScalingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each revision of the adaptive rules against the one before, on generated traces (seeds 1–6 of a
 * family, both boot delays). Revision 3 (a scale-down asked on the window's rate, a wider settled
 * band) against revision 2: on noisy loads and sawtooths fewer workers, and never more minutes over
 * the SLO than revision 2 plus a little. Revision 4 (a surge measured against the window's own
 * noise) against revision 3: a jittering load carried by fewer workers, and loads that really
 * change (steps, staircases, flash crowds) no longer over the SLO than before. Revision 6 (a
 * backlog drained within what the SLO leaves, a fleet twice the need released without the window)
 * against revision 5: fewer minutes over the SLO wherever something queues, at about the same
 * worker-hours. Revision 11 (a fall followed in one step, a surge's fleet released once) against
 * revision 10: fewer actions, no more minutes over the SLO, at most 7 % more worker-hours.
 */
class AdaptiveRevisionsTracesTest {

  private static List<SimRun> runs(String family, int boot, String newer, String older) {
    List<Trace> traces = new ArrayList<>();
    for (long seed = 1; seed <= 6; seed++) {
      traces.add(TraceFamilies.generate(family, seed));
    }
    List<SimRun> runs =
        Simulation.compare(
            traces,
            List.of(newer, older),
            ScalingConfig.REFERENCE,
            SimConfig.DEFAULTS.withBootDelay(boot),
            0,
            1);
    assertThat(runs).extracting(SimRun::policy).contains(newer, older);
    return runs;
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
  void revision3CarriesANoisyLoadWithFewerWorkersAndNoMinutesOverTheSlo() {
    for (int boot : new int[] {45, 180}) {
      List<SimRun> runs = runs("jitter", boot, "adaptive-r3", "adaptive-r2");
      assertThat(workerHours(runs, "adaptive-r3"))
          .as("boot %d s", boot)
          .isLessThan(0.95 * workerHours(runs, "adaptive-r2"));
      assertThat(sloMinutes(runs, "adaptive-r3")).as("boot %d s", boot).isZero();
    }
  }

  @Test
  void revision3FollowsASawtoothsQuietPartDown() {
    for (int boot : new int[] {45, 180}) {
      List<SimRun> runs = runs("sawtooth", boot, "adaptive-r3", "adaptive-r2");
      assertThat(workerHours(runs, "adaptive-r3"))
          .as("boot %d s", boot)
          .isLessThan(workerHours(runs, "adaptive-r2"));
      assertThat(sloMinutes(runs, "adaptive-r3"))
          .as("boot %d s", boot)
          .isLessThanOrEqualTo((int) Math.ceil(1.1 * sloMinutes(runs, "adaptive-r2")));
    }
  }

  @Test
  void revision4CarriesAJitteringLoadWithFewerWorkersWithinTheSlo() {
    for (int boot : new int[] {45, 180}) {
      List<SimRun> runs = runs("jitter", boot, "adaptive-r4", "adaptive-r3");
      assertThat(workerHours(runs, "adaptive-r4"))
          .as("boot %d s", boot)
          .isLessThan(0.95 * workerHours(runs, "adaptive-r3"));
      assertThat(sloMinutes(runs, "adaptive-r4")).as("boot %d s", boot).isZero();
    }
  }

  @Test
  void revision4LetsLoadsThatReallyChangeMissTheSloNoLongerThanBefore() {
    for (String family : List.of("step", "staircase", "flash-crowd")) {
      for (int boot : new int[] {45, 180}) {
        List<SimRun> runs = runs(family, boot, "adaptive-r4", "adaptive-r3");
        assertThat(sloMinutes(runs, "adaptive-r4"))
            .as("%s, boot %d s", family, boot)
            .isLessThanOrEqualTo(sloMinutes(runs, "adaptive-r3"));
      }
    }
  }

  @Test
  void revision6DrainsWhatQueuedWithinTheSloAtAboutTheSameCost() {
    for (String family :
        List.of("outage-flush", "on-off", "step", "staircase", "flash-crowd", "sawtooth")) {
      for (int boot : new int[] {45, 180}) {
        List<SimRun> runs = runs(family, boot, "adaptive-r6", "adaptive-r5");
        int r6 = sloMinutes(runs, "adaptive-r6");
        int r5 = sloMinutes(runs, "adaptive-r5");
        assertThat(r6).as("%s, boot %d s", family, boot).isLessThanOrEqualTo(r5);
        if (List.of("outage-flush", "on-off", "sawtooth").contains(family)) {
          // what revision 6 is for: a backlog after an outage or a burst
          assertThat(r6).as("%s, boot %d s", family, boot).isLessThan((int) (0.95 * r5));
        }
        assertThat(workerHours(runs, "adaptive-r6"))
            .as("%s, boot %d s", family, boot)
            .isLessThanOrEqualTo(1.05 * workerHours(runs, "adaptive-r5"));
      }
    }
  }

  @Test
  void revision6StillCarriesAJitteringLoadWithinTheSlo() {
    for (int boot : new int[] {45, 180}) {
      List<SimRun> runs = runs("jitter", boot, "adaptive-r6", "adaptive-r5");
      assertThat(sloMinutes(runs, "adaptive-r6")).as("boot %d s", boot).isZero();
      assertThat(workerHours(runs, "adaptive-r6"))
          .as("boot %d s", boot)
          .isLessThanOrEqualTo(1.05 * workerHours(runs, "adaptive-r5"));
    }
  }

  /**
   * Revision 11 against revision 10 where loads fall and surge: fewer actions (a fall followed in
   * one step, a surge's fleet released once), no more minutes over the SLO, and the price of
   * holding a surge's fleet through its plateau in worker-hours, bounded.
   */
  @Test
  void revision11FollowsFallsInOneStepAndReleasesASurgesFleetOnce() {
    int fewer = 0;
    int before = 0;
    for (String family :
        List.of(
            "step", "staircase", "flash-crowd", "sawtooth", "on-off", "outage-flush", "jitter")) {
      for (int boot : new int[] {45, 180}) {
        List<SimRun> runs = runs(family, boot, "adaptive", "adaptive-r10");
        int r11 = actions(runs, "adaptive");
        int r10 = actions(runs, "adaptive-r10");
        assertThat(r11).as("%s, boot %d s", family, boot).isLessThanOrEqualTo(r10);
        fewer += r10 - r11;
        before += r10;
        assertThat(sloMinutes(runs, "adaptive"))
            .as("%s, boot %d s", family, boot)
            .isLessThanOrEqualTo((int) (1.02 * sloMinutes(runs, "adaptive-r10")) + 1);
        assertThat(workerHours(runs, "adaptive"))
            .as("%s, boot %d s", family, boot)
            .isLessThanOrEqualTo(1.07 * workerHours(runs, "adaptive-r10"));
      }
    }
    assertThat(fewer).as("actions saved of %d", before).isGreaterThan(before / 10);
    // noise is not a fall: a jittering load stays within the SLO, as under revisions 4 to 10
    for (int boot : new int[] {45, 180}) {
      assertThat(sloMinutes(runs("jitter", boot, "adaptive", "adaptive-r10"), "adaptive"))
          .as("jitter, boot %d s", boot)
          .isZero();
    }
  }

  private static int actions(List<SimRun> runs, String policy) {
    return runs.stream().filter(r -> r.policy().equals(policy)).mapToInt(SimRun::actions).sum();
  }
}
