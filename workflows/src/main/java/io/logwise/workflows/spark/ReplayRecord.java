package io.logwise.workflows.spark;

/**
 * One replay, as recorded in {@code spark_replay}.
 *
 * @param tenant the tenant
 * @param replayId minted by the workflow
 * @param requestedBy token name or {@code cli}
 * @param reason why
 * @param requestedAtMillis when it was asked for
 * @param fromTimestamp replay reads Kafka from this epoch-millis time
 * @param resumeAt planned return to normal (epoch millis), or null for "on request"
 * @param replaySubmissionId the replay driver
 * @param endedAtMillis when the replay driver was stopped, or null while it runs
 * @param resumedFromTimestamp the normal job restarted from here (end minus overlap), or null
 * @param resumeSubmissionId the normal driver started after it, or null
 */
public record ReplayRecord(
    String tenant,
    String replayId,
    String requestedBy,
    String reason,
    long requestedAtMillis,
    long fromTimestamp,
    Long resumeAt,
    String replaySubmissionId,
    Long endedAtMillis,
    Long resumedFromTimestamp,
    String resumeSubmissionId) {}
