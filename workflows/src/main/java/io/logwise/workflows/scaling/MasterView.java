package io.logwise.workflows.scaling;

import java.util.List;

/**
 * The Spark master's answer alone.
 *
 * @param aliveWorkers the master's {@code aliveworkers}
 * @param driverWorkerId the Spark worker running the tenant's driver, or null
 * @param driverHost that worker's host, or null
 * @param removableHosts hosts of alive workers not running the driver, in the master's order: what
 *     a scale-down may remove
 * @param grantedCores the executor cores the master grants the tenant's running application (its
 *     {@code activeapps[].cores}), or null when none runs or it is not known (a run recorded before
 *     the field was read)
 */
public record MasterView(
    int aliveWorkers,
    String driverWorkerId,
    String driverHost,
    List<String> removableHosts,
    Integer grantedCores) {
  public MasterView {
    removableHosts = removableHosts == null ? List.of() : List.copyOf(removableHosts);
  }

  /** The grant not known. */
  public MasterView(
      int aliveWorkers, String driverWorkerId, String driverHost, List<String> removableHosts) {
    this(aliveWorkers, driverWorkerId, driverHost, removableHosts, null);
  }
}
