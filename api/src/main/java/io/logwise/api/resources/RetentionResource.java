package io.logwise.api.resources;

import io.logwise.api.auth.TenantAccess;
import io.logwise.api.errors.ApiException;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.WorkflowIds;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Retention overrides, the lifecycle plan, and log freshness, all through the tenant's workflow.
 */
@Path("/")
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

  /** The reference's sync-delay answer. */
  public record SyncDelay(String tenant, int appLogsDelayMinutes) {}

  private final TenantAccess access;
  private final WorkflowGateway workflows;
  private final ServiceDetailsDao services;

  public RetentionResource(
      TenantAccess access, WorkflowGateway workflows, ServiceDetailsDao services) {
    this.access = access;
    this.workflows = workflows;
    this.services = services;
  }

  @PUT
  @Path("api/v1/tenants/{tenant}/services/{service}/retention")
  @Consumes(MediaType.APPLICATION_JSON)
  public RetentionChanged setRetention(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @PathParam("service") String service,
      @NotNull @Valid RetentionBody body) {
    String name = access.operate(request, tenant, "tenant").getName();
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
  @Path("api/v1/tenants/{tenant}/retention/plan")
  public LifecycleResult plan(
      @Context ContainerRequestContext request, @PathParam("tenant") String tenant) {
    String name = access.operate(request, tenant, "tenant").getName();
    return workflows.update(
        WorkflowIds.retentionSync(name),
        "planLifecycle",
        new SyncRequest(TenantAccess.caller(request).name(), "plan"),
        LifecycleResult.class,
        "PLAN_FAILED");
  }

  @GET
  @Path("metric/sync-delay")
  public SyncDelay syncDelay(
      @Context ContainerRequestContext request, @HeaderParam(TenantAccess.HEADER) String tenant) {
    String name = access.operate(request, tenant, "header " + TenantAccess.HEADER).getName();
    FreshnessResult r = freshness(name, null);
    return new SyncDelay(name, r.services().get(0).delayMinutes());
  }

  @GET
  @Path("api/v1/metric/sync-delay")
  public SyncDelay syncDelayV1(
      @Context ContainerRequestContext request, @HeaderParam(TenantAccess.HEADER) String tenant) {
    return syncDelay(request, tenant);
  }

  @GET
  @Path("pipeline/health")
  public Response healthByHeader(
      @Context ContainerRequestContext request, @HeaderParam(TenantAccess.HEADER) String tenant) {
    return health(
        request, access.operate(request, tenant, "header " + TenantAccess.HEADER).getName());
  }

  @GET
  @Path("api/v1/tenants/{tenant}/health")
  public Response healthByPath(
      @Context ContainerRequestContext request, @PathParam("tenant") String tenant) {
    return health(request, access.operate(request, tenant, "tenant").getName());
  }

  /** 200 for UP and WARNING, 503 for DOWN (so probes can alert); the body is always the report. */
  private Response health(ContainerRequestContext request, String tenant) {
    PipelineHealth h =
        workflows.update(
            WorkflowIds.retentionSync(tenant),
            "health",
            new SyncRequest(TenantAccess.caller(request).name(), "health"),
            PipelineHealth.class,
            "HEALTH_FAILED");
    return Response.status("DOWN".equals(h.status()) ? 503 : 200)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(h)
        .build();
  }

  @GET
  @Path("api/v1/tenants/{tenant}/freshness")
  public FreshnessResult freshness(
      @Context ContainerRequestContext request, @PathParam("tenant") String tenant) {
    String name = access.operate(request, tenant, "tenant").getName();
    List<String> names =
        services.listByTenant(name).stream().map(s -> s.serviceName()).distinct().toList();
    return freshness(name, names);
  }

  private FreshnessResult freshness(String tenant, List<String> names) {
    return workflows.update(
        WorkflowIds.retentionSync(tenant),
        "freshness",
        new FreshnessRequest(tenant, names),
        FreshnessResult.class,
        "FRESHNESS_FAILED");
  }
}
