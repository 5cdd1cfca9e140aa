package io.logwise.store;

/**
 * One row of {@code kafka_migration}; {@code progress} is the workflow's progress record as JSON.
 * {@code active} is true while the migration runs.
 */
public record MigrationRow(
    String tenant,
    String migrationId,
    boolean active,
    String status,
    String step,
    String oldBootstrap,
    String newBootstrap,
    String requestedBy,
    boolean dryRun,
    String progress,
    long startedAtMs,
    long updatedAtMs) {}
