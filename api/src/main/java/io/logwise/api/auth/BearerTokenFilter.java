package io.logwise.api.auth;

import io.logwise.api.errors.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <token>} on every path but {@code /healthcheck}, the sizing
 * calculator ({@code /sizing}, {@code /api/v1/sizing}) and the API's description ({@code
 * /openapi.json}, {@code /openapi.yaml}, {@code /docs}), and attaches the {@link Caller} to the
 * request. With auth disabled every caller is an anonymous admin (dev only; start-up says so
 * loudly).
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {

  private static final Caller ANONYMOUS = new Caller("anonymous", Set.of("admin"));
  // the sizing calculator and its page: arithmetic on what the caller sends, no tenant data
  // and the API's own description: the OpenAPI document and Swagger UI
  public static final Set<String> OPEN_PATHS =
      Set.of("healthcheck", "sizing", "api/v1/sizing", "openapi.json", "openapi.yaml", "docs");

  private final TokenRegistry tokens;
  private final boolean enabled;

  public BearerTokenFilter(TokenRegistry tokens, boolean enabled) {
    this.tokens = tokens;
    this.enabled = enabled;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    if (OPEN_PATHS.contains(relative) || relative.startsWith("docs/")) {
      return;
    }
    if (!enabled) {
      request.setProperty(Caller.PROPERTY, ANONYMOUS);
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      abort(request, "missing bearer token (Authorization: Bearer <token>)");
      return;
    }
    tokens
        .authenticate(header.substring(7).trim())
        .ifPresentOrElse(
            caller -> request.setProperty(Caller.PROPERTY, caller),
            () -> abort(request, "unknown bearer token"));
  }

  private static void abort(ContainerRequestContext request, String message) {
    request.abortWith(
        Response.fromResponse(ErrorBody.response(401, "UNAUTHORIZED", message))
            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"logwise\"")
            .build());
  }
}
