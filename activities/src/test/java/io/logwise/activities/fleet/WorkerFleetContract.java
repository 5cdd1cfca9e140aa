package io.logwise.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkerFleet} promises the scaling loop, tested the same way on each: a fleet of
 * three workers on {@link #hosts()} (in the order the master would offer them), and the outside
 * system's own word on its size ({@link #desiredNow()}: the Deployment's replicas, the processes
 * that run), not the fleet's.
 */
abstract class WorkerFleetContract {

  /** The fleet under test, at three workers. */
  abstract WorkerFleet fleet();

  /** Its three workers' hosts, as the master lists them. */
  abstract List<String> hosts();

  /** How many workers the outside system says there are (or will be). */
  abstract int desiredNow();

  /** Whether the worker on {@code host} is kept when the fleet shrinks (it runs the driver). */
  abstract boolean keptForTheDriver(String host);

  @Test
  void upscaleGrowsAndNeverLowers() {
    assertThat(fleet().size().desired()).isEqualTo(3);
    ScaleOutcome up = fleet().scaleUp(5);
    assertThat(up.changed()).isTrue();
    assertThat(up.desired()).isEqualTo(5);
    assertThat(desiredNow()).isEqualTo(5);
    assertThat(fleet().scaleUp(4).changed()).isFalse();
    assertThat(desiredNow()).isEqualTo(5);
  }

  @Test
  void downscaleKeepsTheDriversWorker() {
    String driver = hosts().get(1);
    ScaleOutcome o = fleet().scaleDown(2, 1, List.of(hosts().get(0), hosts().get(2)), driver);
    assertThat(o.changed()).isTrue();
    assertThat(o.desired()).isEqualTo(1);
    assertThat(o.message()).contains("protected");
    assertThat(desiredNow()).isEqualTo(1);
    assertThat(keptForTheDriver(driver)).isTrue();
  }

  /** The activity retried after it had scaled (a crash or a lost answer) scaled down again. */
  @Test
  void aRepeatedScaleDownNeverGoesBelowItsTarget() {
    List<String> idle = List.of(hosts().get(0), hosts().get(2));
    fleet().scaleDown(2, 1, idle, null);
    assertThat(desiredNow()).isEqualTo(1);
    ScaleOutcome retried = fleet().scaleDown(2, 1, idle, null);
    assertThat(retried.changed()).isFalse();
    assertThat(desiredNow()).as("still the target").isEqualTo(1);
  }

  @Test
  void anUnknownDriverIsSaidNotSilentlyIgnored() {
    ScaleOutcome o = fleet().scaleDown(1, 2, List.of(hosts().get(0)), "10.9.9.9");
    assertThat(o.message()).contains("not found: not protected");
    assertThat(desiredNow()).isEqualTo(2);
  }
}
