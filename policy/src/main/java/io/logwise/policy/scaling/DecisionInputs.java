package io.logwise.policy.scaling;

import java.util.List;

/**
 * What one evaluation looked at, as stored with the decision ({@code scaling_decision.inputs},
 * JSON): the newest batches' sizes, the WAL file, the flags, the fleet and how many workers counted
 * as present.
 *
 * @param inputRecordsNewestFirst input records of the batches the policy sized from
 * @param latestWal the newest WAL file name, or null
 * @param booting whether workers were still booting after a scale-up (then counted as present)
 * @param actualWorkers the count the decision started from
 * @param kafkaLag the newest batch's lag, or null
 */
public record DecisionInputs(
    List<Long> inputRecordsNewestFirst,
    String latestWal,
    ScaleFlags request,
    ScaleFlags override,
    FleetView fleet,
    boolean booting,
    int actualWorkers,
    Long kafkaLag) {

  public DecisionInputs {
    inputRecordsNewestFirst =
        inputRecordsNewestFirst == null ? List.of() : List.copyOf(inputRecordsNewestFirst);
  }
}
