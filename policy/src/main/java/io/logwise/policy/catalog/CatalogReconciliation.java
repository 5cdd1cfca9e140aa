package io.logwise.policy.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the services the database knows with the ones discovered in the object store.
 *
 * <p>The reference system compared by name and deleted whatever was missing, with its retention:
 * one sync against a wrong bucket wiped the catalog and every override. Here services are keyed by
 * name and environment and removal is slow and soft (see {@link RemovalRules}): a missing service
 * is counted absent, removed only after the grace period and enough syncs, never more than a
 * fraction of the catalog at once, and a removed service keeps its row, so it comes back with its
 * retention and first-seen time. A listing that finds nothing at all changes nothing, not even
 * last-seen times or absence counts: it says more about the listing than about the services.
 */
public final class CatalogReconciliation {

  private CatalogReconciliation() {}

  public static CatalogPlan plan(
      Collection<CatalogEntry> known,
      Collection<ServiceKey> discovered,
      Instant now,
      RemovalRules rules) {
    Map<ServiceKey, CatalogEntry> knownByKey = new TreeMap<>();
    known.forEach(e -> knownByKey.put(e.key(), e));
    Set<ServiceKey> listed = new TreeSet<>(discovered);
    long active = knownByKey.values().stream().filter(e -> !e.removed()).count();

    if (listed.isEmpty()) {
      return new CatalogPlan(
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          active == 0
              ? null
              : "the object store listed no services at all; the "
                  + active
                  + " known services are kept and not counted absent");
    }
    List<ServiceKey> added = new ArrayList<>();
    List<ServiceKey> restored = new ArrayList<>();
    List<ServiceKey> seen = new ArrayList<>();
    for (ServiceKey key : listed) {
      CatalogEntry entry = knownByKey.get(key);
      if (entry == null) {
        added.add(key);
      } else if (entry.removed()) {
        restored.add(key);
      } else {
        seen.add(key);
      }
    }
    List<ServiceKey> absent = new ArrayList<>();
    List<ServiceKey> due = new ArrayList<>();
    for (CatalogEntry entry : knownByKey.values()) {
      if (entry.removed() || listed.contains(entry.key())) {
        continue;
      }
      Instant since = entry.absentSince() == null ? now : entry.absentSince();
      boolean graceOver = !since.plus(rules.grace()).isAfter(now);
      boolean enoughSyncs = entry.absentSyncs() + 1 >= rules.minAbsentSyncs();
      (graceOver && enoughSyncs ? due : absent).add(entry.key());
    }
    String withheld = null;
    int allowed = rules.maxRemovals((int) active);
    if (due.size() > allowed) {
      withheld =
          "removals withheld: "
              + due.size()
              + " of "
              + active
              + " services have been missing past the grace period, more than the "
              + Math.round(rules.maxRemovalFraction() * 100)
              + " % one sync may remove ("
              + allowed
              + "); check the bucket and logs prefix, or raise"
              + " retention.discovery.maxRemovalFraction";
      absent.addAll(due);
      due = List.of();
    }
    return new CatalogPlan(added, restored, seen, absent, due, withheld);
  }
}
