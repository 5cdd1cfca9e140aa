package io.logwise.policy.catalog;

import java.util.Objects;

/**
 * A service as found in the object store: its name and, when the bucket has an {@code env=} level,
 * its environment ({@code ""} when it has none).
 */
public record ServiceKey(String service, String environment) implements Comparable<ServiceKey> {

  public ServiceKey {
    Objects.requireNonNull(service, "service");
    if (service.isBlank()) {
      throw new IllegalArgumentException("service must not be blank");
    }
    environment = environment == null ? "" : environment;
  }

  public static ServiceKey of(String service) {
    return new ServiceKey(service, "");
  }

  @Override
  public int compareTo(ServiceKey other) {
    int byService = service.compareTo(other.service);
    return byService != 0 ? byService : environment.compareTo(other.environment);
  }

  @Override
  public String toString() {
    return environment.isEmpty() ? service : service + "@" + environment;
  }
}
