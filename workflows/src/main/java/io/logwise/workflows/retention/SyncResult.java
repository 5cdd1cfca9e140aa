package io.logwise.workflows.retention;

import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.retention.RetentionActivities.LifecycleResult;
import io.logwise.workflows.retention.RetentionActivities.SweepResult;

/**
 * Result of one sync, timer-driven or requested.
 *
 * @param tenant the tenant
 * @param trigger {@code timer} or {@code api: <who>}
 * @param startedAtMillis workflow time the sync started
 * @param finishedAtMillis workflow time it finished
 * @param catalog what the catalog sync did
 * @param lifecycle what the lifecycle reconcile after it did, or null (older runs, or it failed)
 * @param sweep what the expiry sweep after it did, or null (older runs, or it failed)
 * @param notApplied why some retention could not be applied in this sync, or null when all was
 */
public record SyncResult(
    String tenant,
    String trigger,
    long startedAtMillis,
    long finishedAtMillis,
    CatalogSyncResult catalog,
    LifecycleResult lifecycle,
    SweepResult sweep,
    String notApplied) {

  public SyncResult(
      String tenant,
      String trigger,
      long startedAtMillis,
      long finishedAtMillis,
      CatalogSyncResult catalog,
      LifecycleResult lifecycle) {
    this(tenant, trigger, startedAtMillis, finishedAtMillis, catalog, lifecycle, null, null);
  }
}
