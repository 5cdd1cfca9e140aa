package io.logwise.store;

/** A tenant's Kafka cluster as switched by a migration (row of {@code kafka_cluster}). */
public record ClusterOverrideRow(
    String tenant, String bootstrapServers, String migrationId, long switchedAtMs) {}
