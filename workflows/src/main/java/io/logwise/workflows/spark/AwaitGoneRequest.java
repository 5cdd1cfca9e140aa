package io.logwise.workflows.spark;

/** Input of {@link SparkDriverActivities#awaitDriverGone}. */
public record AwaitGoneRequest(String tenant, String submissionId, int timeoutSeconds) {}
