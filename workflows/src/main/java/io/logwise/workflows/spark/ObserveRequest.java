package io.logwise.workflows.spark;

/** Input of {@link SparkDriverActivities#observe}; submissionId is ours, or null. */
public record ObserveRequest(String tenant, String submissionId) {}
