package io.logwise.api.resources;

import io.logwise.api.auth.TenantAccess;
import io.logwise.api.errors.ApiException;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.spark.CheckRequest;
import io.logwise.workflows.spark.CheckResult;
import io.logwise.workflows.spark.ControlRequest;
import io.logwise.workflows.spark.ReplayRequest;
import io.logwise.workflows.spark.ReplayStarted;
import io.logwise.workflows.spark.SupervisorState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The Spark supervisor through the API: every call runs through {@code spark-supervisor/<tenant>}
 * and answers what it saw and did (the reference answered 200 before doing anything).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SparkResource {

  /** Optional body of a check: driver size for a submission made by this check. */
  public record CheckBody(
      @Min(1) @Max(64) Integer driverCores, @Min(1) @Max(512) Integer driverMemoryInGb) {}

  /** Body of a replay: times as epoch millis or ISO-8601 ({@code 2026-11-21T10:00:00Z}). */
  public record ReplayBody(
      @NotNull String fromTimestamp, String resumeAt, @NotBlank @Size(max = 500) String reason) {}

  /** Optional body of pause, resume, restart and endReplay. */
  public record ControlBody(@Size(max = 500) String reason) {}

  /** What a check saw and did. */
  public record CheckResponse(
      String tenant, String driver, String action, String submissionId, String reason) {}

  private final TenantAccess access;
  private final WorkflowGateway workflows;
  private final Clock clock;

  public SparkResource(TenantAccess access, WorkflowGateway workflows, Clock clock) {
    this.access = access;
    this.workflows = workflows;
    this.clock = clock;
  }

  @POST
  @Path("monitor-spark-job")
  public CheckResponse monitorByHeader(
      @Context ContainerRequestContext request,
      @HeaderParam(TenantAccess.HEADER) String tenant,
      @Valid CheckBody body) {
    return check(
        request, access.operate(request, tenant, "header " + TenantAccess.HEADER).getName(), body);
  }

  @POST
  @Path("api/v1/tenants/{tenant}/spark:check")
  public CheckResponse checkByPath(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @Valid CheckBody body) {
    return check(request, access.operate(request, tenant, "tenant").getName(), body);
  }

  @GET
  @Path("api/v1/tenants/{tenant}/spark")
  public SupervisorState state(
      @Context ContainerRequestContext request, @PathParam("tenant") String tenant) {
    String name = access.operate(request, tenant, "tenant").getName();
    return workflows.query(WorkflowIds.sparkSupervisor(name), "state", SupervisorState.class);
  }

  @POST
  @Path("api/v1/tenants/{tenant}/spark:replay")
  public ReplayStarted replay(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @NotNull @Valid ReplayBody body) {
    String name = access.operate(request, tenant, "tenant").getName();
    long now = clock.millis();
    long from = timestamp("fromTimestamp", body.fromTimestamp());
    Long resumeAt = body.resumeAt() == null ? null : timestamp("resumeAt", body.resumeAt());
    if (from > now) {
      throw ApiException.badRequest(
          "fromTimestamp " + Instant.ofEpochMilli(from) + " is in the future");
    }
    if (resumeAt != null && resumeAt <= now) {
      throw ApiException.badRequest(
          "resumeAt " + Instant.ofEpochMilli(resumeAt) + " is not in the future");
    }
    ReplayRequest replay =
        new ReplayRequest(from, resumeAt, body.reason(), TenantAccess.caller(request).name());
    return workflows.update(
        WorkflowIds.sparkSupervisor(name), "replay", replay, ReplayStarted.class, "REPLAY_FAILED");
  }

  @POST
  @Path("api/v1/tenants/{tenant}/spark:endReplay")
  public SupervisorState endReplay(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @Valid ControlBody body) {
    return control(request, tenant, "endReplay", body);
  }

  @POST
  @Path("api/v1/tenants/{tenant}/spark:pause")
  public SupervisorState pause(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @Valid ControlBody body) {
    return control(request, tenant, "pause", body);
  }

  @POST
  @Path("api/v1/tenants/{tenant}/spark:resume")
  public SupervisorState resume(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @Valid ControlBody body) {
    return control(request, tenant, "resume", body);
  }

  @POST
  @Path("api/v1/tenants/{tenant}/spark:restart")
  public CheckResponse restart(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @Valid ControlBody body) {
    String name = access.operate(request, tenant, "tenant").getName();
    CheckResult r =
        workflows.update(
            WorkflowIds.sparkSupervisor(name),
            "restart",
            controlRequest(request, body),
            CheckResult.class,
            "RESTART_FAILED");
    return new CheckResponse(name, r.driver(), r.action(), r.submissionId(), r.reason());
  }

  private CheckResponse check(ContainerRequestContext request, String tenant, CheckBody body) {
    CheckRequest check =
        new CheckRequest(
            TenantAccess.caller(request).name(),
            body == null ? null : body.driverCores(),
            body == null ? null : body.driverMemoryInGb());
    CheckResult r =
        workflows.update(
            WorkflowIds.sparkSupervisor(tenant),
            "checkNow",
            check,
            CheckResult.class,
            "CHECK_FAILED");
    return new CheckResponse(tenant, r.driver(), r.action(), r.submissionId(), r.reason());
  }

  private SupervisorState control(
      ContainerRequestContext request, String tenant, String update, ControlBody body) {
    String name = access.operate(request, tenant, "tenant").getName();
    return workflows.update(
        WorkflowIds.sparkSupervisor(name),
        update,
        controlRequest(request, body),
        SupervisorState.class,
        "CONTROL_FAILED");
  }

  private static ControlRequest controlRequest(ContainerRequestContext request, ControlBody body) {
    return new ControlRequest(
        TenantAccess.caller(request).name(), body == null ? null : body.reason());
  }

  /** Epoch millis (digits) or ISO-8601 instant. */
  static long timestamp(String field, String value) {
    String v = value.trim();
    try {
      return v.matches("\\d{1,16}") ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          field
              + " must be epoch millis or an ISO-8601 instant like 2026-11-21T10:00:00Z, not '"
              + value
              + "'");
    }
  }
}
