package io.logwise.api.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.auth.ListenersMayCall;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.config.TenantConfig;
import io.logwise.store.KafkaDao;
import io.logwise.store.ScalingDao;
import io.logwise.store.ScalingDecisionRow;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.scaling.OverrideRequest;
import io.logwise.workflows.scaling.OverrideState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Per-batch metrics in, overrides, and the decision audit. A batch is stored (once per batch id)
 * and delivered to {@code scaling-loop/<tenant>} with signal-with-start before the API answers 202;
 * if it cannot be delivered the answer is 503 and the reporter retries.
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "scaling")
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScalingResource {

  /** The most partitions one batch report may carry. */
  static final int MAX_REPORTED_PARTITIONS = 100_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was accepted. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "what the API did with a batch report")
  public record Accepted(String tenant, String batchId, boolean duplicate, String workflowId) {}

  /** Override flags; null clears. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "the override flags; null clears one")
  public record OverrideBody(Boolean enableUpScale, Boolean enableDownScale) {}

  /** A stored decision, its inputs as JSON (what it looked at, and the adaptive sizing). */
  @io.swagger.v3.oas.annotations.media.Schema(
      description = "one scaling decision with its typed reason and inputs")
  public record DecisionView(
      String tenant,
      String decisionKey,
      String batchId,
      String policy,
      String action,
      int actualWorkers,
      Integer expectedWorkers,
      int targetWorkers,
      String why,
      String reason,
      JsonNode inputs,
      String outcome,
      long decidedAtMs) {

    static DecisionView of(ScalingDecisionRow r) {
      JsonNode inputs;
      try {
        inputs = JSON.readTree(r.inputs());
      } catch (JsonProcessingException e) {
        // decisions stored before inputs were typed hold a line of text
        inputs = TextNode.valueOf(r.inputs());
      }
      return new DecisionView(
          r.tenant(),
          r.decisionKey(),
          r.batchId(),
          r.policy(),
          r.action(),
          r.actualWorkers(),
          r.expectedWorkers(),
          r.targetWorkers(),
          r.why(),
          r.reason(),
          inputs,
          r.outcome(),
          r.decidedAtMs());
    }
  }

  private final WorkflowCommands workflows;
  private final ScalingDao dao;
  private final BatchIntake intake;

  public ScalingResource(WorkflowCommands workflows, ScalingDao dao, KafkaDao kafka) {
    this(workflows, dao, kafka, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  public ScalingResource(
      WorkflowCommands workflows,
      ScalingDao dao,
      KafkaDao kafka,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.workflows = workflows;
    this.dao = dao;
    this.intake = new BatchIntake(workflows, dao, kafka, registry);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "One batch report from the Spark listener; 202 once the scaling loop has it")
  @POST
  @Path("batches")
  @ListenersMayCall
  public Response batch(@Context AuthorisedTenant tenant, @NotNull @Valid BatchBody body) {
    return accept(tenant.config(), body);
  }

  /** Validates what bean validation cannot, hands the batch to the intake, replies 202. */
  Response accept(TenantConfig t, BatchBody b) {
    if (b.completionTime() < b.submissionTime()) {
      throw ApiException.badRequest(
          "completionTime "
              + b.completionTime()
              + " is before submissionTime "
              + b.submissionTime());
    }
    if (b.reportedPartitions() > MAX_REPORTED_PARTITIONS) {
      throw ApiException.badRequest(
          "endOffsets may list at most " + MAX_REPORTED_PARTITIONS + " partitions");
    }
    boolean duplicate = intake.take(t, b);
    return Response.status(202)
        .entity(
            new Accepted(
                t.getName(), b.idOrFromTimes(), duplicate, WorkflowIds.scalingLoop(t.getName())))
        .build();
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Set or clear the up/down scaling override")
  @PUT
  @Path("scaling/override")
  public OverrideState putOverride(@Context AuthorisedTenant tenant, OverrideBody body) {
    return override(tenant, body);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Set or clear the up/down scaling override (POST form)")
  @POST
  @Path("scaling/override")
  public OverrideState postOverride(@Context AuthorisedTenant tenant, OverrideBody body) {
    return override(tenant, body);
  }

  OverrideState override(AuthorisedTenant tenant, OverrideBody body) {
    return workflows.setOverride(
        tenant.name(),
        new OverrideRequest(
            body == null ? null : body.enableUpScale(),
            body == null ? null : body.enableDownScale(),
            tenant.caller().name()));
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "The scaling decisions, newest first, with reason and inputs")
  @GET
  @Path("scaling/decisions")
  public List<DecisionView> decisions(
      @Context AuthorisedTenant tenant,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
    return dao.recentDecisions(tenant.name(), limit).stream().map(DecisionView::of).toList();
  }
}
