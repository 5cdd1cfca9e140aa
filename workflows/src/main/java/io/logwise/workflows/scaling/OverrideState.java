package io.logwise.workflows.scaling;

/** The override in force; null flags are not overridden. */
public record OverrideState(String tenant, Boolean enableUpScale, Boolean enableDownScale) {}
