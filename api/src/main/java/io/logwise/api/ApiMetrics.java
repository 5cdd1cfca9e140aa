package io.logwise.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * {@code logwise_api_requests_seconds{route,method,status}}: every request Jersey answers, by route
 * <em>template</em> (never the tenant or a raw path, so the series stay few), with a histogram for
 * latency percentiles.
 */
@PreMatching
@Priority(1)
public final class ApiMetrics implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String REQUESTS = "logwise.api.requests";
  private static final String STARTED = "logwise.metrics.started";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

  private final MeterRegistry registry;

  public ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object started = request.getProperty(STARTED);
    if (!(started instanceof Long t0)) {
      return;
    }
    String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
    Timer.builder(REQUESTS)
        .description("API requests by route template, method and status")
        .tags(
            "route", route(request),
            "method", method,
            "status", String.valueOf(response.getStatus()))
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - t0));
  }

  private static String route(ContainerRequestContext request) {
    if (!(request.getUriInfo() instanceof ExtendedUriInfo info)) {
      return "unmatched";
    }
    List<UriTemplate> templates = new ArrayList<>(info.getMatchedTemplates());
    if (templates.isEmpty()) {
      return "unmatched";
    }
    StringBuilder route = new StringBuilder();
    for (int i = templates.size() - 1; i >= 0; i--) {
      String part = templates.get(i).getTemplate();
      if (!part.startsWith("/") && route.length() > 0 && route.charAt(route.length() - 1) != '/') {
        route.append('/');
      }
      route.append(part);
    }
    return route.toString();
  }
}
