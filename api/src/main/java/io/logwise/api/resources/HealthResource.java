package io.logwise.api.resources;

import io.logwise.api.resources.DependencyProbes.Check;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthcheck}: can we reach the database and Temporal, do the tenants' workflows
 * progress, does every duty they need have a worker? 200 when none is DOWN (a duty without a worker
 * is a WARNING), 503 otherwise, always {@code {status, checks:{database, temporal, workflows,
 * duties}}}. Open without a token.
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "health")
@Path("/healthcheck")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  private final DependencyProbes probes;

  public HealthResource(DependencyProbes probes) {
    this.probes = probes;
  }

  /** The whole answer. */
  public record Health(String status, Map<String, Check> checks) {}

  @io.swagger.v3.oas.annotations.Operation(
      summary =
          "Whether the database, Temporal, the tenants' workflows and every needed duty are fine (open)")
  @GET
  public Response check() {
    Map<String, Check> checks = new LinkedHashMap<>();
    checks.put("database", probes.database());
    checks.put("temporal", probes.temporal());
    checks.put("workflows", probes.workflows());
    checks.put("duties", probes.duties());
    boolean up = checks.values().stream().allMatch(Check::up);
    return Response.status(up ? 200 : 503)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new Health(up ? "UP" : "DOWN", checks))
        .build();
  }
}
