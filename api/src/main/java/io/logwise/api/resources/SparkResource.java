package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.api.workflows.WorkflowCommands.SparkControl;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The Spark supervisor through the API: every call runs through {@code spark-supervisor/<tenant>}
 * and answers what it saw and did (the reference answered 200 before doing anything).
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "spark")
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SparkResource {

  /** Optional body of a check: driver size for a submission made by this check. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "what the check should do")
  public record CheckBody(
      @Min(1) @Max(64) Integer driverCores, @Min(1) @Max(512) Integer driverMemoryInGb) {}

  /** Body of a replay: times as epoch millis or ISO-8601 ({@code 2026-11-21T10:00:00Z}). */
  @io.swagger.v3.oas.annotations.media.Schema(description = "where a replay starts")
  public record ReplayBody(
      @NotNull String fromTimestamp, String resumeAt, @NotBlank @Size(max = 500) String reason) {}

  /** Optional body of pause, resume, restart and endReplay. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "why the operator acts")
  public record ControlBody(@Size(max = 500) String reason) {}

  /** What a check saw and did (the workflow's {@link CheckResult}, with the tenant). */
  @io.swagger.v3.oas.annotations.media.Schema(description = "what the check found and did")
  public record CheckResponse(
      String tenant, String driver, String action, String submissionId, String reason) {
    static CheckResponse of(String tenant, CheckResult r) {
      return new CheckResponse(
          tenant,
          r.driver() == null ? null : r.driver().name(),
          r.action() == null ? null : r.action().wire(),
          r.submissionId(),
          r.reason());
    }
  }

  private final WorkflowCommands workflows;

  public SparkResource(WorkflowCommands workflows) {
    this.workflows = workflows;
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Look at the Spark master now and act as the supervisor's loop would")
  @POST
  @Path("spark:check")
  public CheckResponse check(@Context AuthorisedTenant tenant, @Valid CheckBody body) {
    requireSupervised(tenant);
    CheckRequest check =
        new CheckRequest(
            tenant.caller().name(),
            body == null ? null : body.driverCores(),
            body == null ? null : body.driverMemoryInGb());
    return CheckResponse.of(tenant.name(), workflows.checkSpark(tenant.name(), check));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "The Spark supervisor's state")
  @GET
  @Path("spark")
  public SupervisorState state(@Context AuthorisedTenant tenant) {
    requireSupervised(tenant);
    return workflows.sparkState(tenant.name());
  }

  /** Times are parsed here; whether they make a replay is the workflow's one rule. */
  @io.swagger.v3.oas.annotations.Operation(summary = "Replay the tenant's logs from a time")
  @POST
  @Path("spark:replay")
  public ReplayStarted replay(@Context AuthorisedTenant tenant, @NotNull @Valid ReplayBody body) {
    requireSupervised(tenant);
    long from = timestamp("fromTimestamp", body.fromTimestamp());
    Long resumeAt = body.resumeAt() == null ? null : timestamp("resumeAt", body.resumeAt());
    return workflows.replay(
        tenant.name(), new ReplayRequest(from, resumeAt, body.reason(), tenant.caller().name()));
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "End a replay and return to the subscribe pattern")
  @POST
  @Path("spark:endReplay")
  public SupervisorState endReplay(@Context AuthorisedTenant tenant, @Valid ControlBody body) {
    requireSupervised(tenant);
    return workflows.controlSpark(tenant.name(), SparkControl.END_REPLAY, control(tenant, body));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Pause the supervisor (no resubmission)")
  @POST
  @Path("spark:pause")
  public SupervisorState pause(@Context AuthorisedTenant tenant, @Valid ControlBody body) {
    requireSupervised(tenant);
    return workflows.controlSpark(tenant.name(), SparkControl.PAUSE, control(tenant, body));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Resume the supervisor")
  @POST
  @Path("spark:resume")
  public SupervisorState resume(@Context AuthorisedTenant tenant, @Valid ControlBody body) {
    requireSupervised(tenant);
    return workflows.controlSpark(tenant.name(), SparkControl.RESUME, control(tenant, body));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Restart the driver")
  @POST
  @Path("spark:restart")
  public CheckResponse restart(@Context AuthorisedTenant tenant, @Valid ControlBody body) {
    requireSupervised(tenant);
    return CheckResponse.of(
        tenant.name(), workflows.restartSpark(tenant.name(), control(tenant, body)));
  }

  /**
   * A tenant with {@code spark.enabled: false} has no supervisor: say so (409), instead of the
   * "start the Logwise worker" a missing workflow would give.
   */
  private static void requireSupervised(AuthorisedTenant tenant) {
    if (!tenant.config().getSpark().isEnabled()) {
      throw ApiException.conflict(
          "SPARK_DISABLED",
          "Spark supervision is off for tenant '"
              + tenant.name()
              + "' (spark.enabled: false in the configuration)");
    }
  }

  private static ControlRequest control(AuthorisedTenant tenant, ControlBody body) {
    return new ControlRequest(tenant.caller().name(), body == null ? null : body.reason());
  }

  /** Epoch millis (digits) or an ISO-8601 instant that fits in epoch millis. */
  static long timestamp(String field, String value) {
    String v = value.trim();
    try {
      return v.matches("\\d{1,16}") ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      throw ApiException.badRequest(
          field
              + " must be epoch millis or an ISO-8601 instant like 2026-11-21T10:00:00Z, not '"
              + value
              + "'");
    }
  }
}
