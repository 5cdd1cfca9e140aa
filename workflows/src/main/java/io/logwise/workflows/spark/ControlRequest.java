package io.logwise.workflows.spark;

/** Input of {@code pause}, {@code resume}, {@code restart} and {@code endReplay}. */
public record ControlRequest(String requestedBy, String reason) {}
