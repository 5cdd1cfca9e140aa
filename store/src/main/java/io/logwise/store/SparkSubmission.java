package io.logwise.store;

/** One row of {@code spark_submission}. */
public record SparkSubmission(
    String tenant,
    String idempotencyKey,
    String submissionId,
    String outcome,
    Long startingOffsetsTs,
    String subscribeMode,
    String message) {}
