package io.logwise.policy.catalog;

import java.util.List;

/**
 * What one catalog sync will do.
 *
 * @param added new services, inserted with the default retention
 * @param restored removed services listed again: back with their kept retention and first-seen time
 * @param seen services listed again: last-seen refreshed, absence cleared
 * @param absent services missing from this listing, not (yet) removed: their absence is counted
 * @param removed services removed now (soft: the row and its retention stay)
 * @param removalsWithheldReason why removals due now were held back, or null
 */
public record CatalogPlan(
    List<ServiceKey> added,
    List<ServiceKey> restored,
    List<ServiceKey> seen,
    List<ServiceKey> absent,
    List<ServiceKey> removed,
    String removalsWithheldReason) {

  public CatalogPlan {
    added = List.copyOf(added);
    restored = List.copyOf(restored);
    seen = List.copyOf(seen);
    absent = List.copyOf(absent);
    removed = List.copyOf(removed);
  }

  /** Services present in the catalog after the sync and found in the listing. */
  public int unchanged() {
    return seen.size();
  }
}
