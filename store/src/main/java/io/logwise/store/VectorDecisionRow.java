package io.logwise.store;

/** One row of {@code vector_decision}; {@code sample} is the minute's metrics as JSON. */
public record VectorDecisionRow(
    String tenant,
    long decidedAtMs,
    int currentInstances,
    int targetInstances,
    String why,
    String reason,
    String sample,
    String outcome) {}
