package io.logwise.store;

/** One row of {@code spark_scale_override}; a null flag is not overridden. */
public record ScaleOverrideRow(
    String tenant, Boolean upscale, Boolean downscale, String updatedBy) {}
