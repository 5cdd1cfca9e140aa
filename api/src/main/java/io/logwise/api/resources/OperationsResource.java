package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.Operations;
import io.logwise.api.workflows.WorkflowCommands;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * Follows an operation that a call handed over because it outlasted the request ({@code POST
 * …/services:sync}, {@code GET …/retention/sweep-plan}): waits up to 10 s for it, then answers 200
 * with its result or 202 while it still runs.
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "services")
@Path("/api/v1/tenants/{tenant}/operations")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

  private static final Pattern RUN_ID =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  private final WorkflowCommands workflows;

  public OperationsResource(WorkflowCommands workflows) {
    this.workflows = workflows;
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Follow a sync or sweep plan that outlasted its request (200 done, 202 running)")
  @Answers(
      value = OperationView.class,
      codes = {200, 202},
      descriptions = {"done: the result is in result", "still running"})
  @GET
  @Path("{id}")
  public Response follow(
      @Context AuthorisedTenant tenant,
      @PathParam("id") String id,
      @io.swagger.v3.oas.annotations.Parameter(
              required = true,
              description = "the run id the 202 answer gave",
              schema =
                  @io.swagger.v3.oas.annotations.media.Schema(
                      pattern = "^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$"))
          @QueryParam("run")
          String run) {
    if (Operations.of(id).isEmpty()) {
      throw ApiException.notFound("UNKNOWN_OPERATION", "no operation " + id);
    }
    if (run == null || !RUN_ID.matcher(run).matches()) {
      throw ApiException.badRequest(
          "run is required: the run id that the 202 answer gave (its follow link carries it)");
    }
    return OperationView.followed(tenant.name(), workflows.followOperation(tenant.name(), id, run));
  }
}
