package io.logwise.workflows.spark;

/**
 * Input of the {@code replay} update.
 *
 * @param fromTimestamp epoch millis to replay Kafka from; not in the future, not older than {@code
 *     maxReplayAgeSeconds}
 * @param resumeAt epoch millis at which to return to the normal job, or null for "on request"
 * @param reason why (required, at most 500 characters)
 * @param requestedBy who
 */
public record ReplayRequest(Long fromTimestamp, Long resumeAt, String reason, String requestedBy) {}
