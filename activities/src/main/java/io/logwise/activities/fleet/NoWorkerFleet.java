package io.logwise.activities.fleet;

import io.logwise.workflows.scaling.FleetKind;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.List;

/** Fleet type {@code none} (the reference's docker): nothing to act on. */
public final class NoWorkerFleet implements WorkerFleet {

  @Override
  public FleetKind type() {
    return FleetKind.NONE;
  }

  @Override
  public Size size() {
    return new Size(null, null);
  }

  @Override
  public ScaleOutcome scaleUp(int target) {
    return new ScaleOutcome(false, null, "fleet type none: nothing to scale");
  }

  @Override
  public ScaleOutcome scaleDown(
      int count, int target, List<String> candidateHosts, String driverHost) {
    return new ScaleOutcome(false, null, "fleet type none: nothing to scale");
  }
}
