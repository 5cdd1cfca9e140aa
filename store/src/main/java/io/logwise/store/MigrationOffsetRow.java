package io.logwise.store;

/**
 * One partition's recorded start offset on the new cluster (row of {@code kafka_migration_offset}).
 */
public record MigrationOffsetRow(String topic, int partitionId, long startOffset) {}
