package io.logwise.workflows.spark;

/** Result of the {@code replay} update: the replay's id and its driver. */
public record ReplayStarted(String replayId, String submissionId, long fromTimestamp) {}
