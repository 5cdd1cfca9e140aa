package io.logwise.workflows.catalog;

/**
 * Input of {@link ServiceCatalogActivities#syncServiceCatalog}.
 *
 * @param tenant the tenant whose bucket and catalog to sync
 * @param idempotencyKey minted by the workflow, logged with the outcome
 * @param trigger what asked for this sync ({@code timer}, {@code api: <who>})
 */
public record CatalogSyncRequest(String tenant, String idempotencyKey, String trigger) {}
