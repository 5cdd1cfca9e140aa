package io.logwise.store;

/** One row of {@code spark_replay}; times in epoch millis. */
public record SparkReplayRow(
    String tenant,
    String replayId,
    String requestedBy,
    String reason,
    long requestedAtMs,
    long fromTs,
    Long resumeAtMs,
    String replaySubmissionId,
    Long endedAtMs,
    Long resumedFromTs,
    String resumeSubmissionId) {}
