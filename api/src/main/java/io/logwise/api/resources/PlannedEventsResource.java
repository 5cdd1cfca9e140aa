package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.workflows.planned.CancelEventRequest;
import io.logwise.workflows.planned.PlannedEventRequest;
import io.logwise.workflows.planned.PlannedEventView;
import io.logwise.workflows.planned.PlannedEventsState;
import io.logwise.workflows.planned.PlannedEventsWorkflowImpl;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * Planned events: {@code POST /api/v1/tenants/{t}/planned-events} plans one (201 with its plan),
 * {@code GET} lists them with the floors holding now, {@code GET …/{name}} reads one, {@code DELETE
 * …/{name}} cancels one. Each is an update or a query of {@code planned-events/<tenant>}; the
 * request is checked here first so a bad one is a 400 naming every bad field (the workflow's
 * validator checks it again, for callers of {@code temporal workflow update}).
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "planned events")
@Path("/api/v1/tenants/{tenant}/planned-events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlannedEventsResource {

  /** Body of the POST: times are ISO-8601 instants. */
  @io.swagger.v3.oas.annotations.media.Schema(
      description = "a planned event: ISO-8601 times, at most 7 days long")
  public record PlannedEventBody(
      @io.swagger.v3.oas.annotations.media.Schema(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
          String name,
      String startsAt,
      String endsAt,
      Long expectedPeakLogsPerSecond) {}

  private final WorkflowCommands workflows;
  private final Clock clock;

  public PlannedEventsResource(WorkflowCommands workflows, Clock clock) {
    this.workflows = workflows;
    this.clock = clock;
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Plan an event: the pipeline is pre-scaled for it")
  @POST
  public Response plan(@Context AuthorisedTenant tenant, PlannedEventBody body) {
    if (body == null) {
      throw ApiException.badRequest(
          "a body is required: {name, startsAt, endsAt, expectedPeakLogsPerSecond}");
    }
    PlannedEventRequest request =
        new PlannedEventRequest(
            body.name(),
            body.startsAt(),
            body.endsAt(),
            body.expectedPeakLogsPerSecond(),
            tenant.caller().name());
    List<String> problems = PlannedEventsWorkflowImpl.problems(request, clock.millis());
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.size() + " problem(s): " + String.join("; ", problems));
    }
    String name = tenant.config().getName();
    PlannedEventView planned = workflows.planEvent(name, request);
    return Response.created(
            URI.create("/api/v1/tenants/" + name + "/planned-events/" + planned.name()))
        .entity(planned)
        .build();
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "The planned events and the floors holding now")
  @GET
  public PlannedEventsState list(@Context AuthorisedTenant tenant) {
    return workflows.plannedEvents(tenant.config().getName());
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "One planned event")
  @GET
  @Path("{name}")
  public PlannedEventView one(@Context AuthorisedTenant tenant, @PathParam("name") String name) {
    return workflows.plannedEvents(tenant.config().getName()).events().stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("NOT_FOUND", "no planned event named " + name));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Cancel a planned event")
  @DELETE
  @Path("{name}")
  public PlannedEventView cancel(@Context AuthorisedTenant tenant, @PathParam("name") String name) {
    return workflows.cancelEvent(
        tenant.config().getName(), new CancelEventRequest(name, tenant.caller().name()));
  }
}
