package io.logwise.workflows.spark;

/** Input of {@link StreamingStateActivities#resetStreamingState}. */
public record StateResetRequest(String tenant, String idempotencyKey) {}
