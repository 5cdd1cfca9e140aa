package io.logwise.activities.fleet;

import io.logwise.workflows.scaling.FleetKind;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.List;

/** Where the Spark workers run, as the scaling loop needs it: a size, and ways to change it. */
public interface WorkerFleet {

  /** Desired and ready sizes; null when unknown. */
  record Size(Integer desired, Integer ready) {}

  FleetKind type();

  Size size();

  /** Grows to {@code target}, never below the current desired size. */
  ScaleOutcome scaleUp(int target);

  /**
   * Shrinks by removing up to {@code count} workers, taken from {@code candidateHosts} in order
   * (alive workers that do not run the driver); {@code driverHost} is protected. Never below {@code
   * target}: a repeat (the activity retried after a crash or a lost answer) of a scale-down that
   * already happened removes nothing more.
   */
  ScaleOutcome scaleDown(int count, int target, List<String> candidateHosts, String driverHost);
}
