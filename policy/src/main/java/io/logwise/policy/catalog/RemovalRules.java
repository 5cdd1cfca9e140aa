package io.logwise.policy.catalog;

import java.time.Duration;

/**
 * When a service missing from the listings leaves the catalog: after {@code grace} <em>and</em>
 * {@code minAbsentSyncs} syncs without it, and only while one sync would not remove more than
 * {@code maxRemovalFraction} of the catalog (one service may always go). A wrong bucket, a
 * permissions change or a half-written prefix then shows as "withheld" instead of wiping the
 * catalog.
 */
public record RemovalRules(Duration grace, int minAbsentSyncs, double maxRemovalFraction) {

  public static final RemovalRules DEFAULTS = new RemovalRules(Duration.ofHours(24), 3, 0.2);

  public RemovalRules {
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("grace must be zero or more");
    }
    if (minAbsentSyncs < 1) {
      throw new IllegalArgumentException(
          "minAbsentSyncs must be at least 1 but was " + minAbsentSyncs);
    }
    if (!(maxRemovalFraction >= 0 && maxRemovalFraction <= 1)) {
      throw new IllegalArgumentException(
          "maxRemovalFraction must be between 0 and 1 but was " + maxRemovalFraction);
    }
  }

  /** The most services one sync may remove from a catalog of {@code active} services. */
  public int maxRemovals(int active) {
    return Math.max(1, (int) Math.floor(active * maxRemovalFraction));
  }
}
