package io.logwise.workflows.scaling;

import java.util.List;

/**
 * What the fleet, the master and the WAL look like now: the three answers together, as the loop
 * decides on them (and, before version 1 of {@code one-question-per-activity}, as one activity
 * answered them).
 *
 * @param fleetType which fleet
 * @param desired the ASG's desired capacity or the Deployment's replicas; null for {@code none}
 * @param ready InService instances or ready replicas; null when unknown
 * @param aliveWorkers the master's {@code aliveworkers}
 * @param driverWorkerId the Spark worker running the tenant's driver, or null
 * @param walFiles the highest-numbered names under {@code <logs>/_spark_metadata/} (at most 10)
 */
public record FleetObservation(
    FleetKind fleetType,
    Integer desired,
    Integer ready,
    int aliveWorkers,
    String driverWorkerId,
    List<String> walFiles) {

  public FleetObservation {
    walFiles = walFiles == null ? List.of() : List.copyOf(walFiles);
  }

  static FleetObservation of(FleetSize fleet, MasterView master, WalFiles wal) {
    return new FleetObservation(
        fleet.kind(),
        fleet.desired(),
        fleet.ready(),
        master.aliveWorkers(),
        master.driverWorkerId(),
        wal.names());
  }
}
