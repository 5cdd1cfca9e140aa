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
 */
public record MasterView(
    int aliveWorkers, String driverWorkerId, String driverHost, List<String> removableHosts) {
  public MasterView {
    removableHosts = removableHosts == null ? List.of() : List.copyOf(removableHosts);
  }
}
