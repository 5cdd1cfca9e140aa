package io.logwise.activities.tenants;

import io.logwise.config.TenantConfig;
import io.logwise.workflows.LogwiseFailures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tenants this worker serves, by name, as loaded from the validated configuration. */
public final class TenantDirectory {

  private final Map<String, TenantConfig> byName = new LinkedHashMap<>();

  public TenantDirectory(List<TenantConfig> tenants) {
    for (TenantConfig t : tenants) {
      if (byName.putIfAbsent(t.getName(), t) != null) {
        throw new IllegalArgumentException("tenant " + t.getName() + " is configured twice");
      }
    }
  }

  public Optional<TenantConfig> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The tenant, or a non-retryable {@code LogwiseUnknownTenant} failure. */
  public TenantConfig require(String name) {
    TenantConfig t = byName.get(name);
    if (t == null) {
      throw LogwiseFailures.unknownTenant(name);
    }
    return t;
  }

  public List<TenantConfig> all() {
    return List.copyOf(byName.values());
  }
}
