package io.logwise.store;

import java.util.List;

/**
 * The writes of one catalog reconciliation, applied in one transaction.
 *
 * @param added services to insert
 * @param restored removed services that are back: un-removed with their kept retention
 * @param seen services listed again: last-seen refreshed, absence cleared
 * @param absent services missing from the listing: absence counted
 * @param removed services to remove (soft: the row and its retention stay)
 */
public record CatalogChanges(
    List<NewService> added,
    List<Key> restored,
    List<Key> seen,
    List<Key> absent,
    List<Key> removed) {

  public CatalogChanges {
    added = List.copyOf(added);
    restored = List.copyOf(restored);
    seen = List.copyOf(seen);
    absent = List.copyOf(absent);
    removed = List.copyOf(removed);
  }

  /** Adds, refreshes and removes only. */
  public CatalogChanges(List<NewService> added, List<Key> seen, List<Key> removed) {
    this(added, List.of(), seen, List.of(), removed);
  }

  /** A service's natural key within a tenant. */
  public record Key(String service, String environment) {}

  /** A service to insert, with the retention it starts with. */
  public record NewService(
      String service, String environment, int retentionDays, String retentionSource) {}
}
