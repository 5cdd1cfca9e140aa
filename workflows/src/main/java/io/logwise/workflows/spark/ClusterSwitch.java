package io.logwise.workflows.spark;

/** Input of {@link SupervisionRecords#switchCluster}. */
public record ClusterSwitch(String tenant, String migrationId, String bootstrapServers) {}
