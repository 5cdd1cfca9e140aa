package io.logwise.workflows.spark;

/**
 * Input of the {@code cutover} update: move the driver to {@code bootstrapServers}, starting from
 * the offsets migration {@code migrationId} recorded.
 */
public record CutoverCommand(String migrationId, String bootstrapServers, String requestedBy) {}
