package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.store.ServiceDetail;
import io.logwise.workflows.retention.SyncRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
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
import java.util.function.Function;

/** Service discovery: sync now (through {@code retention-sync/<tenant>}) and list the catalog. */
@io.swagger.v3.oas.annotations.tags.Tag(name = "services")
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceCatalogResource {

  /** Optional body of a sync request. */
  public record SyncBody(@Size(max = SyncRequest.MAX_REASON_LENGTH) String reason) {}

  private final WorkflowCommands workflows;
  private final Function<String, List<ServiceDetail>> catalog;

  public ServiceCatalogResource(
      WorkflowCommands workflows, Function<String, List<ServiceDetail>> catalog) {
    this.workflows = workflows;
    this.catalog = catalog;
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Discover the tenant's services from S3 now")
  @Answers(value = SyncResponse.class, handsOver = true)
  @POST
  @Path("services:sync")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response sync(
      @Context AuthorisedTenant tenant, @QueryParam("reason") String reason, @Valid SyncBody body) {
    return sync(tenant, body != null && body.reason() != null ? body.reason() : reason);
  }

  /**
   * 200 with what the sync did; 202 with the operation to follow when it takes longer than the API
   * waits (20 s: thousands of services, or a timer sync still running), the sync going on.
   */
  Response sync(AuthorisedTenant tenant, String reason) {
    if (reason != null && reason.length() > SyncRequest.MAX_REASON_LENGTH) {
      throw ApiException.badRequest(
          "reason must be at most " + SyncRequest.MAX_REASON_LENGTH + " characters");
    }
    return OperationView.answer(
        tenant.name(),
        workflows.syncServices(tenant.name(), new SyncRequest(tenant.caller().name(), reason)),
        SyncResponse::from);
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "The service catalog")
  @GET
  @Path("services")
  public ServiceDetailsResponse list(@Context AuthorisedTenant tenant) {
    return ServiceDetailsResponse.of(tenant.name(), catalog.apply(tenant.name()));
  }
}
