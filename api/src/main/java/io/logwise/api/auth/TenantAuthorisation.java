package io.logwise.api.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.lang.reflect.Method;

/**
 * Authorises the tenant of every matched request before anything else looks at it — before the body
 * is read or validated, so a token learns nothing about tenants it may not touch. The tenant is the
 * {@code {tenant}} path parameter, or the {@code X-Tenant-Name} header on methods marked {@link
 * TenantFromHeader}; the result is what {@code @Context AuthorisedTenant} injects.
 */
@Priority(Priorities.AUTHORIZATION)
public final class TenantAuthorisation implements ContainerRequestFilter {

  private final TenantAccess access;
  @Context private ResourceInfo resource;

  public TenantAuthorisation(TenantAccess access) {
    this.access = access;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource == null ? null : resource.getResourceMethod();
    if (method == null || request.getProperty(Caller.PROPERTY) == null) {
      return; // not a resource of ours, or open (healthcheck)
    }
    boolean fromHeader = method.isAnnotationPresent(TenantFromHeader.class);
    String name =
        fromHeader
            ? request.getHeaderString(TenantAccess.HEADER)
            : request.getUriInfo().getPathParameters().getFirst("tenant");
    if (!fromHeader && !request.getUriInfo().getPathParameters().containsKey("tenant")) {
      return; // not about one tenant (what-if)
    }
    String source = fromHeader ? "header " + TenantAccess.HEADER : "tenant";
    var config =
        method.isAnnotationPresent(ListenersMayCall.class)
            ? access.report(request, name, source)
            : access.operate(request, name, source);
    request.setProperty(
        AuthorisedTenant.PROPERTY, new AuthorisedTenant(config, TenantAccess.caller(request)));
  }
}
