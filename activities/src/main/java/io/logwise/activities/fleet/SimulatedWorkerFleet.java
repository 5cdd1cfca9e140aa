package io.logwise.activities.fleet;

import io.logwise.policy.sim.Simulator;
import io.logwise.workflows.scaling.FleetKind;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.List;

/**
 * The dev sandbox's fleet: the simulated data plane's workers, changed by the real scaling loop.
 * Its Spark master and WAL are the model's too, so the loop needs no cluster.
 */
public final class SimulatedWorkerFleet implements WorkerFleet {

  private final Simulator.Live model;
  private volatile String latestWal = "0";

  public SimulatedWorkerFleet(Simulator.Live model) {
    this.model = model;
  }

  public Simulator.Live model() {
    return model;
  }

  /** The WAL file the model's newest batch wrote. */
  public void walWritten(String name) {
    latestWal = name;
  }

  public List<String> walFiles() {
    return List.of(latestWal);
  }

  public int alive() {
    return model.alive();
  }

  /** The executor cores the model's master grants the job now. */
  public int grantedCores() {
    return model.grantedCores();
  }

  @Override
  public FleetKind type() {
    return FleetKind.SIMULATED;
  }

  @Override
  public Size size() {
    return new Size(model.desired(), model.alive());
  }

  @Override
  public ScaleOutcome scaleUp(int target) {
    int before = model.desired();
    model.setDesired(Math.max(before, target));
    return new ScaleOutcome(model.desired() != before, model.desired(), null);
  }

  @Override
  public ScaleOutcome scaleDown(
      int count, int target, List<String> candidateHosts, String driverHost) {
    int before = model.desired();
    model.setDesired(Math.max(Math.min(before, target), before - count));
    return new ScaleOutcome(model.desired() != before, model.desired(), null);
  }
}
