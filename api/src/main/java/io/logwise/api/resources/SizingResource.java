package io.logwise.api.resources;

import io.logwise.api.errors.ApiException;
import io.logwise.policy.sizing.Sizing;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sizing calculator: {@code GET /api/v1/sizing?logsPerSecond=…&avgMessageBytes=…} (also {@code
 * retentionHours}, {@code services} and the changeable capacities of {@link
 * Sizing.Assumptions#CHANGEABLE}), and its page {@code GET /sizing} (static HTML and JS calling
 * that endpoint). Open without a token: it only does arithmetic on what the caller sends.
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "sizing")
@Path("/")
public class SizingResource {

  private static final Set<String> KNOWN =
      Set.of("logsPerSecond", "avgMessageBytes", "retentionHours", "services");

  private final String page;

  public SizingResource() {
    try (InputStream in = SizingResource.class.getResourceAsStream("sizing.html")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the sizing page is missing from the jar", e);
    }
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "The sizing calculator (open)")
  @GET
  @Path("api/v1/sizing")
  @Produces(MediaType.APPLICATION_JSON)
  public Sizing.Result size(
      @io.swagger.v3.oas.annotations.Parameter(
              required = true,
              schema =
                  @io.swagger.v3.oas.annotations.media.Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "100000000"))
          @QueryParam("logsPerSecond")
          String logsPerSecond,
      @io.swagger.v3.oas.annotations.Parameter(
              required = true,
              schema =
                  @io.swagger.v3.oas.annotations.media.Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "1048576"))
          @QueryParam("avgMessageBytes")
          String avgMessageBytes,
      @io.swagger.v3.oas.annotations.Parameter(
              required = false,
              schema =
                  @io.swagger.v3.oas.annotations.media.Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "8760"))
          @QueryParam("retentionHours")
          String retentionHours,
      @io.swagger.v3.oas.annotations.Parameter(
              required = false,
              schema =
                  @io.swagger.v3.oas.annotations.media.Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "100000"))
          @QueryParam("services")
          String services,
      @Context UriInfo uri) {
    List<String> problems = new ArrayList<>();
    long logs = whole(problems, "logsPerSecond", logsPerSecond, null);
    long bytes = whole(problems, "avgMessageBytes", avgMessageBytes, null);
    long hours = whole(problems, "retentionHours", retentionHours, 24L);
    long topics = whole(problems, "services", services, 1L);
    Sizing.Assumptions a = Sizing.Assumptions.DEFAULTS;
    MultivaluedMap<String, String> query = uri.getQueryParameters();
    for (String name : query.keySet()) {
      if (KNOWN.contains(name)) {
        continue;
      }
      if (!Sizing.Assumptions.CHANGEABLE.contains(name)) {
        problems.add(
            name
                + " is not a parameter; use logsPerSecond, avgMessageBytes, retentionHours,"
                + " services or one of "
                + String.join(", ", Sizing.Assumptions.CHANGEABLE));
        continue;
      }
      Double value = number(problems, name, query.getFirst(name));
      if (value != null) {
        try {
          a = a.with(name, value);
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    Sizing.Input in =
        new Sizing.Input(
            logs, bytes, (int) Math.min(hours, 1_000_000), (int) Math.min(topics, 1_000_000));
    if (problems.isEmpty()) {
      problems.addAll(Sizing.problems(in));
      problems.addAll(a.problems());
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems));
    }
    return Sizing.size(in, a);
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "The sizing calculator's page (open)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "the page",
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/html"))
  @GET
  @Path("sizing")
  @Produces(MediaType.TEXT_HTML)
  public Response page() {
    return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'")
        .build();
  }

  private static long whole(List<String> problems, String name, String raw, Long fallback) {
    if (raw == null || raw.isBlank()) {
      if (fallback == null) {
        problems.add(name + " is required");
        return 0;
      }
      return fallback;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number (was '" + shorten(raw) + "')");
      return 0;
    }
  }

  private static Double number(List<String> problems, String name, String raw) {
    try {
      double v = Double.parseDouble(raw == null ? "" : raw.trim());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    problems.add(name + " must be a number (was '" + shorten(raw) + "')");
    return null;
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
