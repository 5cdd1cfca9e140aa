package io.logwise.workflows.catalog;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Keeps the database's service catalog in line with the services found in the tenant's bucket. */
@ActivityInterface
public interface ServiceCatalogActivities {

  /**
   * Lists {@code <logs>/service_name=<s>/} (and {@code <logs>/env=<e>/service_name=<s>/}) prefixes
   * in the tenant's bucket, page by page, heartbeating after each page; then inserts services not
   * yet in {@code service_details} with the tenant's default retention for their environment,
   * refreshes {@code lastSeenAt} of the ones still present, and deletes the ones no longer present
   * (unless the listing found nothing at all, see {@code CatalogReconciliation}).
   *
   * <p>Idempotent: every write is an upsert or a delete by natural key, so running it twice with
   * the same {@code idempotencyKey} (or any key) leaves the same catalog. The key is logged with
   * the outcome so a retried attempt can be matched to its first try.
   *
   * <p>Failures: {@code LogwiseUnknownTenant} and {@code LogwiseBadConfig} (no such bucket) are
   * non-retryable; S3 or database outages are {@code LogwiseUnavailable} and retried.
   */
  @ActivityMethod
  CatalogSyncResult syncServiceCatalog(CatalogSyncRequest request);
}
