package io.logwise.policy.retention;

import io.logwise.policy.catalog.ServiceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How every service's retention is enforced when a bucket holds at most 1,000 lifecycle rules and a
 * tenant may have 10,000 services.
 *
 * <p>S3 applies the shortest expiration among the rules that match an object, so a broad rule can
 * only ever be the <em>longest</em> retention under its prefix. The layout is:
 *
 * <ol>
 *   <li>one <b>backstop</b> per environment (and one for services without one) at the longest
 *       retention in that environment: services at that retention need nothing else;
 *   <li><b>specific</b> rules for the services with a shorter retention, shortest retention first
 *       (then environment, then name) — the ones the backstop would keep longest past their
 *       retention — while rules fit;
 *   <li>the rest are enforced by the <b>expiry sweep</b>, which deletes their partitions older than
 *       their retention; the backstop still bounds them.
 * </ol>
 *
 * Environments that cannot even get a backstop (more environments than rules) are swept entirely.
 * Nothing is ever deleted before its retention: every rule's days are at most the retention of
 * every service under its prefix. The layout is a pure function of its inputs, so the worker and
 * the API compute the same one.
 */
public final class RetentionLayout {

  /** How one service's retention is enforced. */
  public enum How {
    /** by the environment's backstop rule, which is at this service's retention */
    BACKSTOP,
    /** by a rule for this service alone */
    RULE,
    /** by the expiry sweep */
    SWEEP
  }

  /** A service and the retention it must have. */
  public record Wanted(ServiceKey key, int days) {}

  /** One service's enforcement: how, and the rule id when a rule does it. */
  public record Enforcement(ServiceKey key, int days, How how, String ruleId) {}

  /**
   * @param rules the Logwise rules to have in the bucket, at most the budget
   * @param services every service's enforcement, in the order asked
   */
  public record Layout(List<LifecycleRule> rules, List<Enforcement> services) {

    public long swept() {
      return services.stream().filter(e -> e.how() == How.SWEEP).count();
    }
  }

  private RetentionLayout() {}

  /**
   * @param logsPrefix the tenant's logs prefix
   * @param services every service of the tenant with its retention
   * @param ruleBudget how many rules Logwise may use (S3's 1,000 minus the foreign rules)
   */
  public static Layout plan(String logsPrefix, List<Wanted> services, int ruleBudget) {
    int budget = Math.max(0, ruleBudget);
    Map<String, Integer> longest = new TreeMap<>();
    for (Wanted w : services) {
      longest.merge(w.key().environment(), w.days(), Math::max);
    }
    List<LifecycleRule> rules = new ArrayList<>();
    Map<String, LifecycleRule> backstops = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> env : longest.entrySet()) {
      if (rules.size() < budget) {
        LifecycleRule b = LifecycleRule.backstop(logsPrefix, env.getKey(), env.getValue());
        backstops.put(env.getKey(), b);
        rules.add(b);
      }
    }
    Map<ServiceKey, Enforcement> decided = new LinkedHashMap<>();
    List<Wanted> shorter = new ArrayList<>();
    for (Wanted w : services) {
      LifecycleRule backstop = backstops.get(w.key().environment());
      if (backstop == null) {
        decided.put(w.key(), new Enforcement(w.key(), w.days(), How.SWEEP, null));
      } else if (w.days() == backstop.days()) {
        decided.put(w.key(), new Enforcement(w.key(), w.days(), How.BACKSTOP, backstop.id()));
      } else {
        shorter.add(w);
      }
    }
    shorter.sort(
        Comparator.comparingInt(Wanted::days)
            .thenComparing(w -> w.key().environment())
            .thenComparing(w -> w.key().service()));
    for (Wanted w : shorter) {
      if (rules.size() < budget) {
        LifecycleRule r =
            LifecycleRule.forService(
                logsPrefix, w.key().service(), w.key().environment(), w.days());
        rules.add(r);
        decided.put(w.key(), new Enforcement(w.key(), w.days(), How.RULE, r.id()));
      } else {
        decided.put(w.key(), new Enforcement(w.key(), w.days(), How.SWEEP, null));
      }
    }
    List<Enforcement> inOrder = services.stream().map(w -> decided.get(w.key())).toList();
    return new Layout(List.copyOf(rules), inOrder);
  }
}
