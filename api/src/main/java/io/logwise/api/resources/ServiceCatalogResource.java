package io.logwise.api.resources;

import io.logwise.api.auth.TenantAccess;
import io.logwise.api.errors.ApiException;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.store.ServiceDetail;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.retention.SyncRequest;
import io.logwise.workflows.retention.SyncResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Function;

/**
 * Service discovery: sync now (through {@code retention-sync/<tenant>}) and list the catalog.
 * Served on the reference's paths (tenant from {@code X-Tenant-Name}) and under {@code
 * /api/v1/tenants/{tenant}}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceCatalogResource {

  private final TenantAccess access;
  private final WorkflowGateway workflows;
  private final Function<String, List<ServiceDetail>> catalog;

  public ServiceCatalogResource(
      TenantAccess access,
      WorkflowGateway workflows,
      Function<String, List<ServiceDetail>> catalog) {
    this.access = access;
    this.workflows = workflows;
    this.catalog = catalog;
  }

  @POST
  @Path("component/sync")
  public SyncResponse syncByHeader(
      @Context ContainerRequestContext request,
      @HeaderParam(TenantAccess.HEADER) String tenant,
      @QueryParam("componentType") String componentType,
      @QueryParam("reason") String reason) {
    requireApplication(componentType);
    return sync(
        request,
        access.operate(request, tenant, "header " + TenantAccess.HEADER).getName(),
        reason);
  }

  @POST
  @Path("api/v1/component/sync")
  public SyncResponse syncByHeaderV1(
      @Context ContainerRequestContext request,
      @HeaderParam(TenantAccess.HEADER) String tenant,
      @QueryParam("componentType") String componentType,
      @QueryParam("reason") String reason) {
    return syncByHeader(request, tenant, componentType, reason);
  }

  /** Optional body of a sync request. */
  public record SyncBody(@Size(max = SyncRequest.MAX_REASON_LENGTH) String reason) {}

  @POST
  @Path("api/v1/tenants/{tenant}/services:sync")
  @Consumes(MediaType.APPLICATION_JSON)
  public SyncResponse syncByPath(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @QueryParam("reason") String reason,
      @Valid SyncBody body) {
    String why = body != null && body.reason() != null ? body.reason() : reason;
    return sync(request, access.operate(request, tenant, "tenant").getName(), why);
  }

  @GET
  @Path("service-details")
  public ServiceDetailsResponse listByHeader(
      @Context ContainerRequestContext request, @HeaderParam(TenantAccess.HEADER) String tenant) {
    String name = access.operate(request, tenant, "header " + TenantAccess.HEADER).getName();
    return ServiceDetailsResponse.of(name, catalog.apply(name));
  }

  @GET
  @Path("api/v1/service-details")
  public ServiceDetailsResponse listByHeaderV1(
      @Context ContainerRequestContext request, @HeaderParam(TenantAccess.HEADER) String tenant) {
    return listByHeader(request, tenant);
  }

  @GET
  @Path("api/v1/tenants/{tenant}/services")
  public ServiceDetailsResponse listByPath(
      @Context ContainerRequestContext request, @PathParam("tenant") String tenant) {
    String name = access.operate(request, tenant, "tenant").getName();
    return ServiceDetailsResponse.of(name, catalog.apply(name));
  }

  private SyncResponse sync(ContainerRequestContext request, String tenant, String reason) {
    if (reason != null && reason.length() > SyncRequest.MAX_REASON_LENGTH) {
      throw ApiException.badRequest(
          "reason must be at most " + SyncRequest.MAX_REASON_LENGTH + " characters");
    }
    String who = TenantAccess.caller(request).name();
    SyncResult result =
        workflows.update(
            WorkflowIds.retentionSync(tenant),
            "syncNow",
            new SyncRequest(who, reason),
            SyncResult.class,
            "SYNC_FAILED");
    return SyncResponse.from(result);
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
