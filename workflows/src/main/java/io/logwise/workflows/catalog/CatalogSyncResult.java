package io.logwise.workflows.catalog;

import java.util.List;

/**
 * What one catalog sync did. Name lists are capped at {@link #MAX_LISTED} so that a bucket with
 * thousands of services does not bloat workflow history; the counts are always exact.
 */
public record CatalogSyncResult(
    int discovered,
    int added,
    int removed,
    int unchanged,
    List<String> addedServices,
    List<String> removedServices,
    String removalsWithheldReason) {

  public static final int MAX_LISTED = 100;

  public CatalogSyncResult {
    addedServices = addedServices == null ? List.of() : List.copyOf(addedServices);
    removedServices = removedServices == null ? List.of() : List.copyOf(removedServices);
  }
}
