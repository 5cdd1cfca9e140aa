package io.logwise.policy.health;

import java.util.Collection;

/**
 * A component's or the pipeline's health. Overall: DOWN if any is DOWN, else WARNING if any is
 * WARNING, else UP (the reference turned any WARNING into DOWN).
 */
public enum HealthStatus {
  UP,
  WARNING,
  DOWN;

  public static HealthStatus overall(Collection<HealthStatus> parts) {
    if (parts.contains(DOWN)) {
      return DOWN;
    }
    return parts.contains(WARNING) ? WARNING : UP;
  }
}
