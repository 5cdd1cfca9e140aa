package io.logwise.workflows.catalog;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Keeps the database's service catalog in line with the services found in the tenant's bucket. */
@ActivityInterface
public interface ServiceCatalogActivities {

  /**
   * Lists {@code <logs>/service_name=<s>/} (and {@code <logs>/env=<e>/service_name=<s>/}) prefixes
   * in the tenant's bucket, page by page, heartbeating after each page, skipping (with a reason)
   * keys that cannot be catalog entries; then inserts services not yet in {@code service_details}
   * with the tenant's default retention for their environment, restores removed ones that are back
   * (with their kept retention), refreshes {@code lastSeenAt} of the ones present, counts the
   * missing ones absent and removes (softly) those missing past the grace period, unless that would
   * remove too much of the catalog at once; see {@code CatalogReconciliation}.
   *
   * <p>Idempotent but for one count: every write is an upsert or an update by natural key in one
   * transaction, so running it twice leaves the same catalog, except that a missing service's
   * {@code absent_syncs} counts both runs (the grace period still has to pass, so a retried attempt
   * can at most bring a removal forward by a sync). The key is logged with the outcome so a retried
   * attempt can be matched to its first try.
   *
   * <p>Failures: {@code LogwiseUnknownTenant} and {@code LogwiseBadConfig} (no such bucket) are
   * non-retryable; S3 or database outages are {@code LogwiseUnavailable} and retried.
   */
  @ActivityMethod
  CatalogSyncResult syncServiceCatalog(CatalogSyncRequest request);
}
