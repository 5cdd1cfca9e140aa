package io.logwise.workflows.spark;

/**
 * Input of the {@code checkNow} update: look now, submit if needed. The overrides apply only to a
 * submission made by this check.
 */
public record CheckRequest(String requestedBy, Integer driverCores, Integer driverMemoryGb) {}
