package io.logwise.policy.catalog;

import java.util.Map;

/**
 * The retention a newly discovered service starts with: the per-environment value when one is
 * configured for its environment, else the tenant's default.
 */
public record RetentionDefaults(int defaultDays, Map<String, Integer> daysByEnvironment) {

  public static final int MIN_DAYS = 1;
  public static final int MAX_DAYS = 3650;

  public RetentionDefaults {
    checkDays("defaultDays", defaultDays);
    daysByEnvironment = Map.copyOf(daysByEnvironment == null ? Map.of() : daysByEnvironment);
    daysByEnvironment.forEach((env, days) -> checkDays("daysByEnvironment." + env, days));
  }

  public int daysFor(ServiceKey service) {
    return daysByEnvironment.getOrDefault(service.environment(), defaultDays);
  }

  private static void checkDays(String what, int days) {
    if (days < MIN_DAYS || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          what + " must be between " + MIN_DAYS + " and " + MAX_DAYS + " but was " + days);
    }
  }
}
