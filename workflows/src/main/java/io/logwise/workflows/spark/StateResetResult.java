package io.logwise.workflows.spark;

/** What {@link StreamingStateActivities#resetStreamingState} did. */
public record StateResetResult(int objectsBackedUp, int objectsDeleted, String backupPrefix) {}
