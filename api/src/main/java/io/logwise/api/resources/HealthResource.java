package io.logwise.api.resources;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /healthcheck}: can we reach the database and Temporal? 200 when both answer, 503
 * otherwise, always {@code {status, checks:{database, temporal}}}. Open without a token.
 */
@Path("/healthcheck")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  private final Jdbi jdbi;
  private final WorkflowServiceStubs temporal;

  public HealthResource(Jdbi jdbi, WorkflowServiceStubs temporal) {
    this.jdbi = jdbi;
    this.temporal = temporal;
  }

  /** One component's health. */
  public record Check(String status, String error) {}

  /** The whole answer. */
  public record Health(String status, Map<String, Check> checks) {}

  @GET
  public Response check() {
    Map<String, Check> checks = new LinkedHashMap<>();
    checks.put("database", probe(() -> jdbi.withHandle(h -> h.createQuery("SELECT 1").setQueryTimeout(3).mapTo(Integer.class).one())));
    checks.put(
        "temporal",
        probe(
            () ->
                temporal
                    .blockingStub()
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())));
    boolean up = checks.values().stream().allMatch(c -> c.status().equals("UP"));
    return Response.status(up ? 200 : 503)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new Health(up ? "UP" : "DOWN", checks))
        .build();
  }

  private static Check probe(Runnable call) {
    try {
      call.run();
      return new Check("UP", null);
    } catch (RuntimeException e) {
      return new Check("DOWN", e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

}
