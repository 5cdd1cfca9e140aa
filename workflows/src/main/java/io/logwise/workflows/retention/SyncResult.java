package io.logwise.workflows.retention;

import io.logwise.workflows.catalog.CatalogSyncResult;

/**
 * Result of one sync, timer-driven or requested.
 *
 * @param tenant the tenant
 * @param trigger {@code timer} or {@code api: <who>}
 * @param startedAtMillis workflow time the sync started
 * @param finishedAtMillis workflow time it finished
 * @param catalog what the catalog sync did
 */
public record SyncResult(
    String tenant,
    String trigger,
    long startedAtMillis,
    long finishedAtMillis,
    CatalogSyncResult catalog) {}
