package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.auth.ListenersMayCall;
import io.logwise.api.auth.TenantFromHeader;
import io.logwise.api.errors.ApiException;
import io.logwise.store.ScalingDao;
import io.logwise.store.SparkBatchRow;
import io.logwise.workflows.scaling.OverrideState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The reference's routes, tenant from {@code X-Tenant-Name}, each the same as its {@code
 * /api/v1/tenants/{tenant}/…} route (which it calls). Kept for the Spark listener and scripts
 * written against the reference.
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "reference routes")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReferenceRoutes {

  /** The reference's {@code /scale-spark-cluster} body. */
  public record ReferenceBody(
      Boolean enableUpScale,
      Boolean enableDownScale,
      @NotNull @Valid BatchBody.StageHistory sparkStageHistory) {}

  /** The reference's sync-delay answer. */
  public record SyncDelay(String tenant, int appLogsDelayMinutes) {}

  private final SparkResource spark;
  private final ScalingResource scaling;
  private final ServiceCatalogResource catalog;
  private final RetentionResource retention;
  private final ScalingDao batches;

  public ReferenceRoutes(
      SparkResource spark,
      ScalingResource scaling,
      ServiceCatalogResource catalog,
      RetentionResource retention,
      ScalingDao batches) {
    this.spark = spark;
    this.scaling = scaling;
    this.catalog = catalog;
    this.retention = retention;
    this.batches = batches;
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of POST /api/v1/tenants/{t}/spark:check")
  @POST
  @Path("monitor-spark-job")
  @TenantFromHeader
  public SparkResource.CheckResponse monitorSparkJob(
      @Context AuthorisedTenant tenant, @Valid SparkResource.CheckBody body) {
    return spark.check(tenant, body);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of POST /api/v1/tenants/{t}/batches")
  @POST
  @Path("scale-spark-cluster")
  @TenantFromHeader
  @ListenersMayCall
  public Response scaleSparkCluster(
      @Context AuthorisedTenant tenant, @NotNull @Valid ReferenceBody body) {
    return scaling.accept(
        tenant.config(),
        BatchBody.fromReference(
            body.sparkStageHistory(), body.enableUpScale(), body.enableDownScale()));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Reference route of the scaling override")
  @POST
  @Path("update-spark-scale-override")
  @TenantFromHeader
  public OverrideState updateSparkScaleOverride(
      @Context AuthorisedTenant tenant, ScalingResource.OverrideBody body) {
    return scaling.override(tenant, body);
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Stored batch reports, newest first")
  @GET
  @Path("spark-stage-history")
  @TenantFromHeader
  public List<SparkBatchRow> sparkStageHistory(
      @Context AuthorisedTenant tenant,
      @QueryParam("limit") @NotNull @Min(1) @Max(1000) Integer limit) {
    return batches.recentBatches(tenant.name(), limit);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of POST /api/v1/tenants/{t}/services:sync")
  @POST
  @Path("component/sync")
  @TenantFromHeader
  public jakarta.ws.rs.core.Response componentSync(
      @Context AuthorisedTenant tenant,
      @io.swagger.v3.oas.annotations.Parameter(
              required = true,
              schema = @io.swagger.v3.oas.annotations.media.Schema(allowableValues = "application"))
          @QueryParam("componentType")
          String componentType,
      @QueryParam("reason") String reason) {
    requireApplication(componentType);
    return catalog.sync(tenant, reason);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of POST /api/v1/tenants/{t}/services:sync")
  @POST
  @Path("api/v1/component/sync")
  @TenantFromHeader
  public jakarta.ws.rs.core.Response componentSyncV1(
      @Context AuthorisedTenant tenant,
      @io.swagger.v3.oas.annotations.Parameter(
              required = true,
              schema = @io.swagger.v3.oas.annotations.media.Schema(allowableValues = "application"))
          @QueryParam("componentType")
          String componentType,
      @QueryParam("reason") String reason) {
    return componentSync(tenant, componentType, reason);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of GET /api/v1/tenants/{t}/services")
  @GET
  @Path("service-details")
  @TenantFromHeader
  public ServiceDetailsResponse serviceDetails(@Context AuthorisedTenant tenant) {
    return catalog.list(tenant);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of GET /api/v1/tenants/{t}/services")
  @GET
  @Path("api/v1/service-details")
  @TenantFromHeader
  public ServiceDetailsResponse serviceDetailsV1(@Context AuthorisedTenant tenant) {
    return catalog.list(tenant);
  }

  /** Minutes since the newest object of the freshness sample service. */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of GET /api/v1/tenants/{t}/freshness (the sample service)")
  @GET
  @Path("metric/sync-delay")
  @TenantFromHeader
  public SyncDelay syncDelay(@Context AuthorisedTenant tenant) {
    return new SyncDelay(tenant.name(), retention.sampleDelayMinutes(tenant));
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of GET /api/v1/tenants/{t}/freshness (the sample service)")
  @GET
  @Path("api/v1/metric/sync-delay")
  @TenantFromHeader
  public SyncDelay syncDelayV1(@Context AuthorisedTenant tenant) {
    return syncDelay(tenant);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Reference route of GET /api/v1/tenants/{t}/health")
  @Answers(
      value = io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth.class,
      codes = {200, 503},
      descriptions = {"UP or WARNING", "DOWN: the same report (probes alert on the status)"})
  @GET
  @Path("pipeline/health")
  @TenantFromHeader
  public Response pipelineHealth(@Context AuthorisedTenant tenant) {
    return retention.health(tenant, false);
  }

  /** The reference answered 500 for a wrong component type; it is the caller's mistake: 400. */
  private static void requireApplication(String componentType) {
    if (componentType == null || componentType.isBlank()) {
      throw ApiException.badRequest("componentType is required (componentType=application)");
    }
    if (!"application".equals(componentType)) {
      throw ApiException.badRequest(
          "componentType must be 'application' but was '" + componentType + "'");
    }
  }
}
