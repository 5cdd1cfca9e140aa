package io.logwise.workflows.scaling;

/** Input of {@link ScalingActivities#saveOverride}. */
public record OverrideStateChange(
    String tenant, Boolean enableUpScale, Boolean enableDownScale, String requestedBy) {}
