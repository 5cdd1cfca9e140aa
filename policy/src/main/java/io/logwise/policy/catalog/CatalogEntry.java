package io.logwise.policy.catalog;

import java.time.Instant;

/**
 * A service the catalog knows, with what removal needs: whether it was removed (soft-deleted, its
 * retention kept), since when it has been missing from the listings, and in how many syncs.
 */
public record CatalogEntry(ServiceKey key, boolean removed, Instant absentSince, int absentSyncs) {

  public static CatalogEntry present(ServiceKey key) {
    return new CatalogEntry(key, false, null, 0);
  }
}
