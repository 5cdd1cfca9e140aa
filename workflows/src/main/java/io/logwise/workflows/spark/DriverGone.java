package io.logwise.workflows.spark;

/** Result of {@link SparkDriverActivities#awaitDriverGone}: the last state seen and when. */
public record DriverGone(String finalState, long goneAtMillis) {}
