package io.logwise.workflows.catalog;

import java.util.List;

/**
 * What one catalog sync did: {@code removed} services left the catalog (soft), {@code restored}
 * came back with their kept retention, {@code absent} are missing but within the grace period (or
 * withheld), {@code skipped} keys could not be catalog entries ({@code skippedKeys}: prefix and
 * reason). Name lists are capped at {@link #MAX_LISTED} so that a bucket with thousands of services
 * does not bloat workflow history; the counts are always exact.
 */
public record CatalogSyncResult(
    int discovered,
    int added,
    int removed,
    int unchanged,
    List<String> addedServices,
    List<String> removedServices,
    String removalsWithheldReason,
    Integer restored,
    Integer absent,
    Integer skipped,
    List<String> skippedKeys) {

  public static final int MAX_LISTED = 100;

  public CatalogSyncResult {
    addedServices = addedServices == null ? List.of() : List.copyOf(addedServices);
    removedServices = removedServices == null ? List.of() : List.copyOf(removedServices);
    skippedKeys = skippedKeys == null ? List.of() : List.copyOf(skippedKeys);
  }

  public CatalogSyncResult(
      int discovered,
      int added,
      int removed,
      int unchanged,
      List<String> addedServices,
      List<String> removedServices,
      String removalsWithheldReason) {
    this(
        discovered,
        added,
        removed,
        unchanged,
        addedServices,
        removedServices,
        removalsWithheldReason,
        null,
        null,
        null,
        null);
  }
}
