package io.logwise.workflows.spark;

/**
 * Result of {@link SparkDriverActivities#killDriver}: whether the master accepted a kill (false: it
 * had already ended).
 */
public record KillResult(boolean requested, String message) {}
