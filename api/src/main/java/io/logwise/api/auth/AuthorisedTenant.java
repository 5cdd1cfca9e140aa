package io.logwise.api.auth;

import io.logwise.config.TenantConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.function.Supplier;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.process.internal.RequestScoped;

/**
 * The tenant a request is about, already authorised for its caller by {@link TenantAuthorisation}.
 * Resources take it as {@code @Context AuthorisedTenant tenant}.
 */
public record AuthorisedTenant(TenantConfig config, Caller caller) {

  static final String PROPERTY = "logwise.tenant";

  public String name() {
    return config.getName();
  }

  /** Makes {@code @Context AuthorisedTenant} injectable; register it with the resources. */
  public static final class Binder extends AbstractBinder {
    @Override
    protected void configure() {
      bindFactory(FromRequest.class).to(AuthorisedTenant.class).in(RequestScoped.class);
    }
  }

  /** Reads what the filter stored; a resource reached without it is a programming error. */
  static final class FromRequest implements Supplier<AuthorisedTenant> {
    private final ContainerRequestContext request;

    @Inject
    FromRequest(ContainerRequestContext request) {
      this.request = request;
    }

    @Override
    public AuthorisedTenant get() {
      Object t = request.getProperty(PROPERTY);
      if (!(t instanceof AuthorisedTenant tenant)) {
        throw new IllegalStateException(
            "no authorised tenant: the resource method lacks {tenant} or @TenantFromHeader");
      }
      return tenant;
    }
  }
}
