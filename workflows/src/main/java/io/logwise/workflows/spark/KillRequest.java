package io.logwise.workflows.spark;

/** Input of {@link SparkDriverActivities#killDriver}. */
public record KillRequest(String tenant, String submissionId) {}
