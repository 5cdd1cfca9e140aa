package io.logwise.store;

import java.util.List;

/** The writes of one catalog reconciliation, applied in one transaction. */
public record CatalogChanges(List<NewService> added, List<Key> seen, List<Key> removed) {

  public CatalogChanges {
    added = List.copyOf(added);
    seen = List.copyOf(seen);
    removed = List.copyOf(removed);
  }

  /** A service's natural key within a tenant. */
  public record Key(String service, String environment) {}

  /** A service to insert, with the retention it starts with. */
  public record NewService(
      String service, String environment, int retentionDays, String retentionSource) {}
}
