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
import java.util.List;

/**
 * {@code GET /api/v1/tenants/{t}/vector}: the Vector scaler's state (its last minutes of metrics,
 * last action and last 50 decisions), a query of {@code vector-scaler/<tenant>} (no history
 * written); {@code …/vector/decisions?limit=N}: its decisions from the database, newest first (up
 * to 1,000; a week is kept). 409 when the tenant has no Vector scaling.
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "vector")
@Path("/api/v1/tenants/{tenant}/vector")
@Produces(MediaType.APPLICATION_JSON)
public class VectorResource {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  private final WorkflowCommands workflows;
  private final io.logwise.store.VectorDao dao;

  public VectorResource(WorkflowCommands workflows, io.logwise.store.VectorDao dao) {
    this.workflows = workflows;
    this.dao = dao;
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "The Vector scaler's state")
  @GET
  public VectorScalerState state(@Context AuthorisedTenant tenant) {
    return workflows.vectorState(scaled(tenant));
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "The Vector scaler's decisions, newest first (from the database)")
  @GET
  @Path("decisions")
  public List<VectorDecisionRecord> decisions(
      @Context AuthorisedTenant tenant,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
    return dao.recentDecisions(scaled(tenant), limit).stream().map(VectorResource::of).toList();
  }

  private static VectorDecisionRecord of(io.logwise.store.VectorDecisionRow r) {
    io.logwise.policy.vector.VectorPolicy.Sample sample;
    try {
      sample = JSON.readValue(r.sample(), io.logwise.policy.vector.VectorPolicy.Sample.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      sample = null; // written by us; unreadable only if the type changed incompatibly
    }
    return new VectorDecisionRecord(
        r.tenant(),
        r.decidedAtMs(),
        sample,
        r.currentInstances(),
        r.targetInstances(),
        io.logwise.policy.vector.VectorPolicy.Why.valueOf(r.why()),
        r.reason(),
        r.outcome());
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
