package io.logwise.api.resources;

import io.logwise.store.SparkBatchRow;
import io.logwise.workflows.scaling.BatchReport;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * One batch report as it crosses the API ({@code POST /api/v1/tenants/{t}/batches}; the reference's
 * {@code sparkStageHistory} maps onto it). The one place it becomes the stored row and the
 * workflow's signal. {@code batchId} defaults to one made from the times.
 */
@io.swagger.v3.oas.annotations.media.Schema(
    description = "one micro-batch as the Spark listener reports it")
public record BatchBody(
    @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:/=-]+") String batchId,
    @NotNull @PositiveOrZero Long inputRecords,
    @NotNull @PositiveOrZero Long outputBytes,
    @NotNull @PositiveOrZero Long submissionTime,
    @NotNull @PositiveOrZero Long completionTime,
    @PositiveOrZero Integer coresUsed,
    @NotBlank
        @Size(max = 30)
        @io.swagger.v3.oas.annotations.media.Schema(minLength = 1, pattern = "\\S")
        String status,
    @PositiveOrZero Long kafkaLag,
    Boolean enableUpScale,
    Boolean enableDownScale,
    @Size(max = 20_000)
        Map<
                @Pattern(regexp = TOPIC) String,
                @NotNull @Size(max = 10_000) Map<
                    @Pattern(regexp = "\\d{1,6}") String, @NotNull @PositiveOrZero Long>>
            endOffsets,
    @Size(max = 20_000)
        Map<@Pattern(regexp = TOPIC) String, @NotNull @PositiveOrZero Long> topicLag) {

  /** A Kafka topic name (Kafka allows at most 249 of these characters). */
  static final String TOPIC = "[a-zA-Z0-9._-]{1,249}";

  /** The reference's per-batch record. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "a stored batch report")
  public record StageHistory(
      @NotNull @PositiveOrZero Long outputBytes,
      @NotNull @PositiveOrZero Long inputRecords,
      @NotNull @PositiveOrZero Long submissionTime,
      @NotNull @PositiveOrZero Long completionTime,
      @PositiveOrZero Integer coresUsed,
      @NotBlank @Size(max = 30) String status,
      String tenant) {}

  /** The reference's {@code /scale-spark-cluster} body, as a batch report. */
  static BatchBody fromReference(StageHistory h, Boolean enableUpScale, Boolean enableDownScale) {
    return new BatchBody(
        null,
        h.inputRecords(),
        h.outputBytes(),
        h.submissionTime(),
        h.completionTime(),
        h.coresUsed(),
        h.status(),
        null,
        enableUpScale,
        enableDownScale,
        null,
        null);
  }

  String idOrFromTimes() {
    return batchId != null ? batchId : "t" + submissionTime + "-" + completionTime;
  }

  SparkBatchRow row(String tenant) {
    return new SparkBatchRow(
        tenant,
        idOrFromTimes(),
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag);
  }

  /** The signal: Σ end offsets and the partition count stand for the offsets map. */
  BatchReport report() {
    return new BatchReport(
        idOrFromTimes(),
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        enableUpScale,
        enableDownScale,
        endOffsets == null
            ? null
            : endOffsets.values().stream()
                .flatMap(p -> p.values().stream())
                .mapToLong(Long::longValue)
                .sum(),
        endOffsets == null ? null : endOffsets.values().stream().mapToInt(Map::size).sum());
  }

  long reportedPartitions() {
    return endOffsets == null ? 0 : endOffsets.values().stream().mapToLong(Map::size).sum();
  }
}
