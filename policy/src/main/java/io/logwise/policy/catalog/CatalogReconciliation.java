package io.logwise.policy.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the services the database knows with the ones discovered in the object store.
 *
 * <p>Unlike the reference system (which compared by name only and deleted whatever was missing),
 * services are keyed by name and environment, and an empty discovery never empties the catalog: a
 * listing that finds nothing at all is far more likely a wrong bucket or a permissions problem than
 * every service disappearing at once.
 */
public final class CatalogReconciliation {

  private CatalogReconciliation() {}

  public static CatalogPlan plan(Collection<ServiceKey> known, Collection<ServiceKey> discovered) {
    Set<ServiceKey> knownSet = new TreeSet<>(known);
    Set<ServiceKey> discoveredSet = new TreeSet<>(discovered);

    List<ServiceKey> added = new ArrayList<>();
    List<ServiceKey> unchanged = new ArrayList<>();
    for (ServiceKey key : discoveredSet) {
      (knownSet.contains(key) ? unchanged : added).add(key);
    }
    List<ServiceKey> missing = new ArrayList<>();
    for (ServiceKey key : knownSet) {
      if (!discoveredSet.contains(key)) {
        missing.add(key);
      }
    }
    if (discoveredSet.isEmpty() && !missing.isEmpty()) {
      return new CatalogPlan(
          added,
          List.of(),
          missing,
          "the object store listed no services at all; keeping the "
              + missing.size()
              + " known services instead of deleting them");
    }
    return new CatalogPlan(added, missing, unchanged, null);
  }
}
