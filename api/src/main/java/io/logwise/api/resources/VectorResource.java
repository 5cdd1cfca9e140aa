package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.workflows.vector.VectorDecisionRecord;
import io.logwise.workflows.vector.VectorScalerState;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /api/v1/tenants/{t}/vector}: the Vector scaler's state (its last minutes of metrics,
 * last action and decisions); {@code …/vector/decisions}: its decisions, newest first. Both are
 * queries of {@code vector-scaler/<tenant>}: no history written. 409 when the tenant has no Vector
 * scaling.
 */
@Path("/api/v1/tenants/{tenant}/vector")
@Produces(MediaType.APPLICATION_JSON)
public class VectorResource {

  private final WorkflowCommands workflows;

  public VectorResource(WorkflowCommands workflows) {
    this.workflows = workflows;
  }

  @GET
  public VectorScalerState state(@Context AuthorisedTenant tenant) {
    return workflows.vectorState(scaled(tenant));
  }

  @GET
  @Path("decisions")
  public List<VectorDecisionRecord> decisions(
      @Context AuthorisedTenant tenant,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(50) int limit) {
    List<VectorDecisionRecord> newestFirst =
        new ArrayList<>(workflows.vectorState(scaled(tenant)).decisions());
    Collections.reverse(newestFirst);
    return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
  }

  private static String scaled(AuthorisedTenant tenant) {
    if (!tenant.config().getVector().getScaling().enabled) {
      throw ApiException.conflict(
          "VECTOR_SCALING_DISABLED",
          "Vector scaling is off for tenant "
              + tenant.config().getName()
              + " (vector.scaling.enabled: false)");
    }
    return tenant.config().getName();
  }
}
