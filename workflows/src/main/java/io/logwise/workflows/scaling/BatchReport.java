package io.logwise.workflows.scaling;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.logwise.policy.scaling.BatchSample;

/**
 * One micro-batch report, the {@code batch} signal's input: the batch as the policy sees it, with
 * its id and the listener's up/down flags. {@code batchId} makes it idempotent: a report seen
 * before is ignored. The batch's fields are unwrapped, so the signal's JSON is flat, as it always
 * was ({@code {"batchId":…,"inputRecords":…,…,"enableUpScale":…}}).
 *
 * @param sample the batch (its {@code kafkaLag}, {@code endOffsetSum} — the API sums the listener's
 *     map — and {@code partitions} may be null)
 */
public record BatchReport(
    String batchId,
    @JsonUnwrapped BatchSample sample,
    Boolean enableUpScale,
    Boolean enableDownScale) {

  public BatchReport(
      String batchId,
      long inputRecords,
      long outputBytes,
      long submissionTime,
      long completionTime,
      Integer coresUsed,
      String status,
      Long kafkaLag,
      Boolean enableUpScale,
      Boolean enableDownScale,
      Long endOffsetSum,
      Integer partitions) {
    this(
        batchId,
        new BatchSample(
            inputRecords,
            outputBytes,
            submissionTime,
            completionTime,
            coresUsed,
            status,
            kafkaLag,
            endOffsetSum,
            partitions),
        enableUpScale,
        enableDownScale);
  }

  public BatchReport(
      String batchId,
      long inputRecords,
      long outputBytes,
      long submissionTime,
      long completionTime,
      Integer coresUsed,
      String status,
      Long kafkaLag,
      Boolean enableUpScale,
      Boolean enableDownScale) {
    this(
        batchId,
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        enableUpScale,
        enableDownScale,
        null,
        null);
  }

  /**
   * The batch with its query run and number read from {@code batchId} (the listener sends {@code
   * <runId>-<batch>}), so the policy can tell a run's first batch. A {@code grantedCores} in the
   * report is dropped: the loop stamps the master's grant itself.
   */
  public BatchSample sampleWithRun() {
    return sample == null ? null : sample.withRunOf(batchId).withGrantedCores(null);
  }
}
