package io.logwise.api.resources;

import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.retention.RetentionActivities;
import io.logwise.workflows.retention.SyncResult;
import java.time.Instant;
import java.util.List;

/** What a requested service sync did. Name lists are capped at 100; counts are exact. */
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
    RetentionActivities.LifecycleResult lifecycle) {

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
        r.lifecycle());
  }
}
