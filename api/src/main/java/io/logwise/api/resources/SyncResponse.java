package io.logwise.api.resources;

import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.retention.RetentionActivities;
import io.logwise.workflows.retention.SyncResult;
import java.time.Instant;
import java.util.List;

/**
 * What a requested service sync did: the catalog's changes (restored and absent services, keys
 * skipped with their reasons), the lifecycle rules, the expiry sweep's summary, and why any
 * retention was not applied. Name lists are capped at 100; counts are exact.
 */
public record SyncResponse(
    String tenant,
    String trigger,
    int discovered,
    int added,
    int removed,
    int unchanged,
    List<String> addedServices,
    List<String> removedServices,
    String removalsWithheldReason,
    String startedAt,
    String finishedAt,
    RetentionActivities.LifecycleResult lifecycle,
    int restored,
    int absent,
    int skipped,
    List<String> skippedKeys,
    RetentionActivities.SweepResult sweep,
    String notApplied) {

  static SyncResponse from(SyncResult r) {
    CatalogSyncResult c = r.catalog();
    return new SyncResponse(
        r.tenant(),
        r.trigger(),
        c.discovered(),
        c.added(),
        c.removed(),
        c.unchanged(),
        c.addedServices(),
        c.removedServices(),
        c.removalsWithheldReason(),
        Instant.ofEpochMilli(r.startedAtMillis()).toString(),
        Instant.ofEpochMilli(r.finishedAtMillis()).toString(),
        r.lifecycle(),
        c.restored() == null ? 0 : c.restored(),
        c.absent() == null ? 0 : c.absent(),
        c.skipped() == null ? 0 : c.skipped(),
        c.skippedKeys(),
        r.sweep(),
        r.notApplied());
  }
}
