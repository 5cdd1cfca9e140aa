package io.logwise.workflows.scaling;

import java.util.List;

/**
 * What the fleet and the master look like now.
 *
 * @param fleetType {@code none}, {@code asg} or {@code kubernetes}
 * @param desired the ASG's desired capacity or the Deployment's replicas; null for {@code none}
 * @param ready InService instances or ready replicas; null when unknown
 * @param aliveWorkers the master's {@code aliveworkers}
 * @param driverWorkerId the Spark worker running the tenant's driver, or null
 * @param walFiles the highest-numbered names under {@code <logs>/_spark_metadata/} (at most 10)
 */
public record FleetObservation(
    String fleetType,
    Integer desired,
    Integer ready,
    int aliveWorkers,
    String driverWorkerId,
    List<String> walFiles) {

  public FleetObservation {
    walFiles = walFiles == null ? List.of() : List.copyOf(walFiles);
  }
}
