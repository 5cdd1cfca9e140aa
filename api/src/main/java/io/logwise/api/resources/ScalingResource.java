package io.logwise.api.resources;

import io.logwise.api.auth.TenantAccess;
import io.logwise.api.errors.ApiException;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.config.TenantConfig;
import io.logwise.store.ConsumedOffsetsRow;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import io.logwise.store.ScalingDao;
import io.logwise.store.ScalingDecisionRow;
import io.logwise.store.SparkBatchRow;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.scaling.BatchReport;
import io.logwise.workflows.scaling.OverrideRequest;
import io.logwise.workflows.scaling.OverrideState;
import io.logwise.workflows.scaling.ScalingLoopInput;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Per-batch metrics in, overrides, and the decision audit. A batch is stored (once per batch id)
 * and delivered to {@code scaling-loop/<tenant>} with signal-with-start before the API answers 202;
 * if it cannot be delivered the answer is 503 and the reporter retries.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScalingResource {

  /** The reference's per-batch record. */
  public record StageHistory(
      @NotNull @PositiveOrZero Long outputBytes,
      @NotNull @PositiveOrZero Long inputRecords,
      @NotNull @PositiveOrZero Long submissionTime,
      @NotNull @PositiveOrZero Long completionTime,
      @PositiveOrZero Integer coresUsed,
      @NotBlank @Size(max = 30) String status,
      String tenant) {}

  /** The reference's {@code /scale-spark-cluster} body. */
  public record ReferenceBody(
      Boolean enableUpScale,
      Boolean enableDownScale,
      @NotNull @Valid StageHistory sparkStageHistory) {}

  /**
   * {@code /api/v1/tenants/{t}/batches}: one batch; {@code batchId} defaults to one from its times.
   */
  public record BatchBody(
      @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:/=-]+") String batchId,
      @NotNull @PositiveOrZero Long inputRecords,
      @NotNull @PositiveOrZero Long outputBytes,
      @NotNull @PositiveOrZero Long submissionTime,
      @NotNull @PositiveOrZero Long completionTime,
      @PositiveOrZero Integer coresUsed,
      @NotBlank @Size(max = 30) String status,
      @PositiveOrZero Long kafkaLag,
      Boolean enableUpScale,
      Boolean enableDownScale,
      @Size(max = 20_000)
          Map<
                  @jakarta.validation.constraints.Pattern(regexp = TOPIC) String,
                  @NotNull @Size(max = 10_000) Map<
                      @jakarta.validation.constraints.Pattern(regexp = "\\d{1,6}") String,
                      @NotNull @PositiveOrZero Long>>
              endOffsets,
      @Size(max = 20_000)
          Map<
                  @jakarta.validation.constraints.Pattern(regexp = TOPIC) String,
                  @NotNull @PositiveOrZero Long>
              topicLag) {

    public BatchBody(
        String batchId,
        Long inputRecords,
        Long outputBytes,
        Long submissionTime,
        Long completionTime,
        Integer coresUsed,
        String status,
        Long kafkaLag,
        Boolean enableUpScale,
        Boolean enableDownScale) {
      this(
          batchId,
          inputRecords,
          outputBytes,
          submissionTime,
          completionTime,
          coresUsed,
          status,
          kafkaLag,
          enableUpScale,
          enableDownScale,
          null,
          null);
    }
  }

  /** A Kafka topic name (Kafka allows at most 249 of these characters). */
  static final String TOPIC = "[a-zA-Z0-9._-]{1,249}";

  /** The most partitions one batch report may carry. */
  static final int MAX_REPORTED_PARTITIONS = 100_000;

  /** What was accepted. */
  public record Accepted(String tenant, String batchId, boolean duplicate, String workflowId) {}

  /** Override flags; null clears. */
  public record OverrideBody(Boolean enableUpScale, Boolean enableDownScale) {}

  private final TenantAccess access;
  private final WorkflowGateway workflows;
  private final ScalingDao dao;
  private final KafkaDao kafka;

  public ScalingResource(
      TenantAccess access, WorkflowGateway workflows, ScalingDao dao, KafkaDao kafka) {
    this.access = access;
    this.workflows = workflows;
    this.dao = dao;
    this.kafka = kafka;
  }

  @POST
  @Path("scale-spark-cluster")
  public Response referenceBatch(
      @Context ContainerRequestContext request,
      @HeaderParam(TenantAccess.HEADER) String tenant,
      @NotNull @Valid ReferenceBody body) {
    TenantConfig t = access.report(request, tenant, "header " + TenantAccess.HEADER);
    StageHistory h = body.sparkStageHistory();
    BatchBody batch =
        new BatchBody(
            null,
            h.inputRecords(),
            h.outputBytes(),
            h.submissionTime(),
            h.completionTime(),
            h.coresUsed(),
            h.status(),
            null,
            body.enableUpScale(),
            body.enableDownScale());
    return accept(t, batch);
  }

  @POST
  @Path("api/v1/tenants/{tenant}/batches")
  public Response batch(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @NotNull @Valid BatchBody body) {
    return accept(access.report(request, tenant, "tenant"), body);
  }

  private Response accept(TenantConfig t, BatchBody b) {
    if (b.completionTime() < b.submissionTime()) {
      throw ApiException.badRequest(
          "completionTime "
              + b.completionTime()
              + " is before submissionTime "
              + b.submissionTime());
    }
    if (b.endOffsets() != null
        && b.endOffsets().values().stream().mapToLong(Map::size).sum() > MAX_REPORTED_PARTITIONS) {
      throw ApiException.badRequest(
          "endOffsets may list at most " + MAX_REPORTED_PARTITIONS + " partitions");
    }
    String batchId =
        b.batchId() != null ? b.batchId() : "t" + b.submissionTime() + "-" + b.completionTime();
    recordOffsets(t, batchId, b);
    int added =
        dao.insertBatch(
            new SparkBatchRow(
                t.getName(),
                batchId,
                b.inputRecords(),
                b.outputBytes(),
                b.submissionTime(),
                b.completionTime(),
                b.coresUsed(),
                b.status(),
                b.kafkaLag()));
    BatchReport report =
        new BatchReport(
            batchId,
            b.inputRecords(),
            b.outputBytes(),
            b.submissionTime(),
            b.completionTime(),
            b.coresUsed(),
            b.status(),
            b.kafkaLag(),
            b.enableUpScale(),
            b.enableDownScale(),
            b.endOffsets() == null
                ? null
                : b.endOffsets().values().stream()
                    .flatMap(p -> p.values().stream())
                    .mapToLong(Long::longValue)
                    .sum(),
            b.endOffsets() == null
                ? null
                : b.endOffsets().values().stream().mapToInt(Map::size).sum());
    String workflowId = WorkflowIds.scalingLoop(t.getName());
    workflows.signalWithStart(
        workflowId,
        "ScalingLoopWorkflow",
        ScalingLoopInput.of(t.getName(), t.getScaling().toConfig(), t.getScaling().isDryRun()),
        "batch",
        report);
    return Response.status(202)
        .entity(new Accepted(t.getName(), batchId, added == 0, workflowId))
        .build();
  }

  /**
   * Keeps what the job has read through, per cluster, for the drain check of a cluster migration
   * and the lag of partition growth: tagged with the cluster the tenant uses now.
   */
  private void recordOffsets(TenantConfig t, String batchId, BatchBody b) {
    if (b.endOffsets() == null) {
      return;
    }
    String cluster =
        KafkaClusterKey.effective(
            kafka.findCluster(t.getName()), t.getKafka().getBootstrapServers());
    kafka.recordConsumed(
        new ConsumedOffsetsRow(
            t.getName(),
            KafkaClusterKey.of(cluster),
            cluster,
            batchId,
            b.completionTime(),
            json(b.endOffsets()),
            b.topicLag() == null ? null : json(b.topicLag()),
            System.currentTimeMillis()));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("validated maps always serialise", e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @POST
  @Path("update-spark-scale-override")
  public OverrideState referenceOverride(
      @Context ContainerRequestContext request,
      @HeaderParam(TenantAccess.HEADER) String tenant,
      OverrideBody body) {
    return override(
        access.operate(request, tenant, "header " + TenantAccess.HEADER).getName(), request, body);
  }

  @PUT
  @Path("api/v1/tenants/{tenant}/scaling/override")
  public OverrideState putOverride(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      OverrideBody body) {
    return override(access.operate(request, tenant, "tenant").getName(), request, body);
  }

  @POST
  @Path("api/v1/tenants/{tenant}/scaling/override")
  public OverrideState postOverride(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      OverrideBody body) {
    return putOverride(request, tenant, body);
  }

  private OverrideState override(
      String tenant, ContainerRequestContext request, OverrideBody body) {
    OverrideRequest o =
        new OverrideRequest(
            body == null ? null : body.enableUpScale(),
            body == null ? null : body.enableDownScale(),
            TenantAccess.caller(request).name());
    return workflows.update(
        WorkflowIds.scalingLoop(tenant), "setOverride", o, OverrideState.class, "OVERRIDE_FAILED");
  }

  /** A stored decision, its inputs as JSON (what it looked at, and the adaptive sizing). */
  public record DecisionView(
      String tenant,
      String decisionKey,
      String batchId,
      String policy,
      String action,
      int actualWorkers,
      Integer expectedWorkers,
      int targetWorkers,
      String reason,
      com.fasterxml.jackson.databind.JsonNode inputs,
      String outcome,
      long decidedAtMs) {

    static DecisionView of(ScalingDecisionRow r) {
      com.fasterxml.jackson.databind.JsonNode inputs;
      try {
        inputs = JSON.readTree(r.inputs());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // decisions stored before inputs were typed hold a line of text
        inputs = com.fasterxml.jackson.databind.node.TextNode.valueOf(r.inputs());
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
          r.reason(),
          inputs,
          r.outcome(),
          r.decidedAtMs());
    }
  }

  @GET
  @Path("api/v1/tenants/{tenant}/scaling/decisions")
  public List<DecisionView> decisions(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
    return dao.recentDecisions(access.operate(request, tenant, "tenant").getName(), limit).stream()
        .map(DecisionView::of)
        .toList();
  }

  @GET
  @Path("spark-stage-history")
  public List<SparkBatchRow> stageHistory(
      @Context ContainerRequestContext request,
      @HeaderParam(TenantAccess.HEADER) String tenant,
      @QueryParam("limit") @NotNull @Min(1) @Max(1000) Integer limit) {
    return dao.recentBatches(
        access.operate(request, tenant, "header " + TenantAccess.HEADER).getName(), limit);
  }
}
