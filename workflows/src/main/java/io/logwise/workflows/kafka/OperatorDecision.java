package io.logwise.workflows.kafka;

/** Input of the {@code approve}, {@code proceed} and {@code rollback} updates. */
public record OperatorDecision(String requestedBy, String reason) {}
