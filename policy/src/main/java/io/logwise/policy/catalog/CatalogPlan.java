package io.logwise.policy.catalog;

import java.util.List;

/**
 * What one catalog sync will do: services to add, to remove and to keep, plus why removals were
 * held back (null when they were not).
 */
public record CatalogPlan(
    List<ServiceKey> added,
    List<ServiceKey> removed,
    List<ServiceKey> unchanged,
    String removalsWithheldReason) {

  public CatalogPlan {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    unchanged = List.copyOf(unchanged);
  }
}
