package io.logwise.workflows.kafka;

/** Input of the {@code evaluateNow} update. */
public record EvaluateRequest(String requestedBy) {}
