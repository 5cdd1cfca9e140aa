package io.logwise.api.auth;

import io.logwise.api.errors.ApiException;
import io.logwise.config.TenantConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves the tenant a request is about (header or path) and checks the caller may touch it:
 * missing name 400, not allowed 403, unknown tenant 404. A non-admin token gets 403 for any tenant
 * it is not scoped to, known or not, so tokens cannot probe which tenants exist.
 */
public final class TenantAccess {

  public static final String HEADER = "X-Tenant-Name";

  private final Map<String, TenantConfig> tenants;

  public TenantAccess(List<TenantConfig> tenants) {
    this.tenants =
        tenants.stream()
            .collect(Collectors.toUnmodifiableMap(TenantConfig::getName, Function.identity()));
  }

  public TenantConfig operate(ContainerRequestContext request, String tenant, String source) {
    return resolve(request, tenant, source, false);
  }

  /** Like {@link #operate}, but {@code listener:<tenant>} tokens are allowed too. */
  public TenantConfig report(ContainerRequestContext request, String tenant, String source) {
    return resolve(request, tenant, source, true);
  }

  private TenantConfig resolve(
      ContainerRequestContext request, String tenant, String source, boolean reporting) {
    if (tenant == null || tenant.isBlank()) {
      throw ApiException.badRequest(source + " is required");
    }
    Caller caller = caller(request);
    if (!(reporting ? caller.mayReport(tenant) : caller.mayOperate(tenant))) {
      throw new ApiException(
          403, "FORBIDDEN", "token '" + caller.name() + "' may not access tenant '" + tenant + "'");
    }
    TenantConfig config = tenants.get(tenant);
    if (config == null) {
      throw ApiException.notFound("UNKNOWN_TENANT", "tenant '" + tenant + "' is not configured");
    }
    return config;
  }

  public static Caller caller(ContainerRequestContext request) {
    Object caller = request.getProperty(Caller.PROPERTY);
    if (!(caller instanceof Caller c)) {
      throw new ApiException(401, "UNAUTHORIZED", "not authenticated");
    }
    return c;
  }
}
