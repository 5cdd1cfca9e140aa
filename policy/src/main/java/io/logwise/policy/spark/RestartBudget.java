package io.logwise.policy.spark;

import java.time.Duration;
import java.time.Instant;

/**
 * How fast a crashing driver is restarted. The first crash after a healthy run restarts at once;
 * each further consecutive crash waits twice as long (base, 2·base, 4·base, … up to cap), spread by
 * ±jitter so that many tenants do not restart in step. A driver that stayed up for {@code
 * stablePeriod} earns a fresh budget. The reference restarted a crash loop forever every minute.
 */
public record RestartBudget(
    Duration base, Duration cap, Duration stablePeriod, double jitterFraction) {

  public static final RestartBudget DEFAULT =
      new RestartBudget(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1), 0.2);

  public RestartBudget {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap");
    }
    if (jitterFraction < 0 || jitterFraction >= 1) {
      throw new IllegalArgumentException("jitterFraction must be in [0, 1)");
    }
  }

  /**
   * The consecutive-crash count after a driver died.
   *
   * @param crashesSoFar consecutive crashes before this one
   * @param runningSince when the driver was first seen RUNNING, or null if it never ran
   * @param diedAt when it was seen dead
   */
  public int crashesAfterDeath(int crashesSoFar, Instant runningSince, Instant diedAt) {
    boolean wasStable =
        runningSince != null && Duration.between(runningSince, diedAt).compareTo(stablePeriod) >= 0;
    return wasStable ? 1 : crashesSoFar + 1;
  }

  /**
   * The wait before the next submission.
   *
   * @param consecutiveCrashes crashes in a row, including the one just seen (0 = none)
   * @param random01 a uniform random number in [0, 1) from the caller's deterministic source
   */
  public Duration delayBefore(int consecutiveCrashes, double random01) {
    if (consecutiveCrashes <= 1) {
      return Duration.ZERO;
    }
    // base · 2^(n-2), computed in millis and capped before it can overflow
    int doublings = Math.min(consecutiveCrashes - 2, 30);
    long raw = Math.min(cap.toMillis(), base.toMillis() << doublings);
    double factor = 1 + jitterFraction * (2 * random01 - 1);
    return Duration.ofMillis(Math.min(cap.toMillis(), Math.round(raw * factor)));
  }
}
