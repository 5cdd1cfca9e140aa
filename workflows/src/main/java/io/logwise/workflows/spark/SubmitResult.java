package io.logwise.workflows.spark;

/**
 * Result of {@link SparkDriverActivities#submitDriver}: the driver's submission id, and whether an
 * already live driver was adopted instead of submitting.
 */
public record SubmitResult(String submissionId, boolean adopted, String message) {}
