package io.logwise.policy.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bucket lifecycle document Logwise wants: every foreign rule kept as it is, Logwise's rules
 * replaced by one expiration rule per service. S3 replaces the whole document on write and allows
 * at most 1,000 rules, so the plan says whether a write is needed at all and refuses (rather than
 * truncating) when the rules would not fit.
 *
 * @param ours the Logwise rules to write, sorted by id
 * @param foreignCount rules owned by someone else, kept
 * @param added ids of new rules
 * @param changed ids whose prefix or days change
 * @param removed ids of Logwise rules no longer wanted
 * @param problem why the document cannot be written, or null
 */
public record LifecyclePlan(
    List<LifecycleRule> ours,
    int foreignCount,
    List<String> added,
    List<String> changed,
    List<String> removed,
    String problem) {

  public static final int MAX_RULES = 1000;

  public boolean needsWrite() {
    return problem == null && !(added.isEmpty() && changed.isEmpty() && removed.isEmpty());
  }

  /** The diff as lines: {@code + id prefix days}, {@code ~ id …}, {@code - id}. */
  public List<String> diff() {
    Map<String, LifecycleRule> byId = new LinkedHashMap<>();
    ours.forEach(r -> byId.put(r.id(), r));
    List<String> lines = new ArrayList<>();
    added.forEach(
        id ->
            lines.add(
                "+ "
                    + id
                    + " "
                    + byId.get(id).prefix()
                    + " expire after "
                    + byId.get(id).days()
                    + "d"));
    changed.forEach(
        id ->
            lines.add(
                "~ "
                    + id
                    + " "
                    + byId.get(id).prefix()
                    + " expire after "
                    + byId.get(id).days()
                    + "d"));
    removed.forEach(id -> lines.add("- " + id));
    return lines;
  }

  /**
   * @param existingOurs the Logwise rules in the bucket now
   * @param foreignCount how many other rules the bucket has
   * @param wanted one rule per service
   */
  public static LifecyclePlan plan(
      List<LifecycleRule> existingOurs, int foreignCount, List<LifecycleRule> wanted) {
    Map<String, LifecycleRule> now = new LinkedHashMap<>();
    existingOurs.forEach(r -> now.put(r.id(), r));
    Map<String, LifecycleRule> next = new LinkedHashMap<>();
    wanted.stream()
        .sorted(Comparator.comparing(LifecycleRule::id))
        .forEach(r -> next.put(r.id(), r));
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (LifecycleRule r : next.values()) {
      LifecycleRule old = now.get(r.id());
      if (old == null) {
        added.add(r.id());
      } else if (!old.equals(r)) {
        changed.add(r.id());
      }
    }
    List<String> removed =
        now.keySet().stream().filter(id -> !next.containsKey(id)).sorted().toList();
    int total = foreignCount + next.size();
    String problem =
        total > MAX_RULES
            ? "the bucket would need "
                + total
                + " lifecycle rules ("
                + foreignCount
                + " foreign + "
                + next.size()
                + " Logwise) but S3 allows "
                + MAX_RULES
                + "; nothing was written"
            : null;
    return new LifecyclePlan(
        List.copyOf(next.values()), foreignCount, added, changed, removed, problem);
  }
}
