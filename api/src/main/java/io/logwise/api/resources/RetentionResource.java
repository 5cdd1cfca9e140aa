package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.policy.health.HealthStatus;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth;
import io.logwise.workflows.retention.RetentionActivities.FreshnessRequest;
import io.logwise.workflows.retention.RetentionActivities.FreshnessResult;
import io.logwise.workflows.retention.RetentionActivities.LifecycleResult;
import io.logwise.workflows.retention.SyncRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Retention overrides, the lifecycle plan, log freshness and pipeline health of one tenant. */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

  /** Body of a retention change; {@code env} picks a service under {@code env=<e>/}. */
  public record RetentionBody(
      @NotNull @Min(1) @Max(3650) Integer days, @Size(max = 63) String env) {}

  /** The stored change. */
  public record RetentionChanged(
      String tenant,
      String serviceName,
      String environment,
      int retentionDays,
      String retentionSource,
      String bucket) {}

  private final WorkflowCommands workflows;
  private final ServiceDetailsDao services;

  public RetentionResource(WorkflowCommands workflows, ServiceDetailsDao services) {
    this.workflows = workflows;
    this.services = services;
  }

  @PUT
  @Path("services/{service}/retention")
  @Consumes(MediaType.APPLICATION_JSON)
  public RetentionChanged setRetention(
      @Context AuthorisedTenant tenant,
      @PathParam("service") String service,
      @NotNull @Valid RetentionBody body) {
    String name = tenant.name();
    String env = body.env() == null ? "" : body.env();
    if (services.setRetention(name, service, env, body.days()) == 0) {
      throw ApiException.notFound(
          "UNKNOWN_SERVICE",
          "service '"
              + service
              + "'"
              + (env.isEmpty() ? "" : " in env '" + env + "'")
              + " is not in the catalog of tenant '"
              + name
              + "'");
    }
    return new RetentionChanged(
        name,
        service,
        env.isEmpty() ? null : env,
        body.days(),
        "override",
        "the bucket's lifecycle follows at the next sync; POST /api/v1/tenants/"
            + name
            + "/services:sync applies it now");
  }

  @GET
  @Path("retention/plan")
  public LifecycleResult plan(@Context AuthorisedTenant tenant) {
    return workflows.planLifecycle(tenant.name(), new SyncRequest(tenant.caller().name(), "plan"));
  }

  /** 200 for UP and WARNING, 503 for DOWN (so probes can alert); the body is always the report. */
  @GET
  @Path("health")
  public Response health(@Context AuthorisedTenant tenant) {
    PipelineHealth h =
        workflows.health(tenant.name(), new SyncRequest(tenant.caller().name(), "health"));
    return Response.status(HealthStatus.DOWN.name().equals(h.status()) ? 503 : 200)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(h)
        .build();
  }

  @GET
  @Path("freshness")
  public FreshnessResult freshness(@Context AuthorisedTenant tenant) {
    List<String> names =
        services.listByTenant(tenant.name()).stream().map(s -> s.serviceName()).distinct().toList();
    return freshness(tenant.name(), names);
  }

  /** Of the named services, or (null) of the freshness sample service only. */
  FreshnessResult freshness(String tenant, List<String> names) {
    return workflows.freshness(tenant, new FreshnessRequest(tenant, names));
  }
}
