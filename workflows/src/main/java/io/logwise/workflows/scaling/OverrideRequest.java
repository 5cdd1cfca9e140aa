package io.logwise.workflows.scaling;

/** Input of the {@code setOverride} update; a null flag clears that override. */
public record OverrideRequest(Boolean enableUpScale, Boolean enableDownScale, String requestedBy) {}
