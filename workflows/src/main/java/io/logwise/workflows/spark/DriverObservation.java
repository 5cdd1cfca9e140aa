package io.logwise.workflows.spark;

import java.util.List;

/**
 * One look at the master.
 *
 * @param submissionId our submission, as asked about, or null
 * @param ourState its state ({@code RUNNING}, {@code SUBMITTED}, …, {@code NOT_FOUND}), or null
 *     when we have none
 * @param ourMessage the master's message about it (failure reason), or null
 * @param ourWorker id of the Spark worker running it, or null
 * @param otherLiveDrivers live drivers of this tenant's main class that are not ours
 * @param aliveWorkers the master's {@code aliveworkers}
 */
public record DriverObservation(
    String submissionId,
    String ourState,
    String ourMessage,
    String ourWorker,
    List<String> otherLiveDrivers,
    int aliveWorkers) {

  public DriverObservation {
    otherLiveDrivers = otherLiveDrivers == null ? List.of() : List.copyOf(otherLiveDrivers);
  }
}
