package io.logwise.api.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.api.auth.TenantAccess;
import io.logwise.api.errors.ApiException;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.config.TenantConfig;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import io.logwise.store.MigrationRow;
import io.logwise.store.MigrationSlots;
import io.logwise.store.PartitionDecisionRow;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.EvaluateRequest;
import io.logwise.workflows.kafka.KafkaPartitionsState;
import io.logwise.workflows.kafka.MigrationInput;
import io.logwise.workflows.kafka.MigrationProgress;
import io.logwise.workflows.kafka.OperatorDecision;
import io.logwise.workflows.kafka.PartitionEvaluation;
import io.logwise.workflows.kafka.VectorTarget;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * Kafka through the API: partition growth (state, decisions, evaluate now) and cluster migrations
 * (start, list, progress, approve, proceed, rollback, cancel). Reads come from workflow queries and
 * the database; every change goes through the workflow.
 */
@Path("/api/v1/tenants/{tenant}/kafka")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KafkaResource {

  /** Body of {@code POST …/kafka/migrations}: {@link MigrationInput} without the tenant. */
  public record MigrationBody(
      String migrationId,
      String newBootstrapServers,
      VectorTarget vector,
      Long quietPeriodSeconds,
      Long drainTimeoutSeconds,
      Long arrivalTimeoutSeconds,
      Long recoveryTimeoutSeconds,
      Integer freshnessBoundMinutes,
      Boolean requireApproval,
      Boolean dryRun) {}

  /** Optional body of approve, proceed, rollback and cancel. */
  public record DecisionBody(@Size(max = 500) String reason) {}

  /** A started migration. */
  public record Started(
      String tenant,
      String migrationId,
      String workflowId,
      String runId,
      String oldBootstrapServers) {}

  /** A migration as stored: its row and its progress. */
  public record MigrationView(
      String tenant,
      String migrationId,
      boolean active,
      String status,
      String step,
      String oldBootstrapServers,
      String newBootstrapServers,
      String requestedBy,
      boolean dryRun,
      long startedAtMillis,
      long updatedAtMillis,
      MigrationProgress progress) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TenantAccess access;
  private final WorkflowGateway workflows;
  private final KafkaDao dao;
  private final Clock clock;

  public KafkaResource(TenantAccess access, WorkflowGateway workflows, KafkaDao dao, Clock clock) {
    this.access = access;
    this.workflows = workflows;
    this.dao = dao;
    this.clock = clock;
  }

  // ---- partition growth --------------------------------------------------------------------

  @GET
  @Path("partitions")
  public KafkaPartitionsState partitions(
      @Context ContainerRequestContext request, @PathParam("tenant") String tenant) {
    TenantConfig t = growing(request, tenant);
    return workflows.query(
        WorkflowIds.kafkaPartitions(t.getName()), "state", KafkaPartitionsState.class);
  }

  @GET
  @Path("partitions/decisions")
  public List<PartitionDecisionRow> partitionDecisions(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
    return dao.recentPartitionDecisions(access.operate(request, tenant, "tenant").getName(), limit);
  }

  @POST
  @Path("partitions:evaluate")
  public PartitionEvaluation evaluate(
      @Context ContainerRequestContext request, @PathParam("tenant") String tenant) {
    TenantConfig t = growing(request, tenant);
    return workflows.update(
        WorkflowIds.kafkaPartitions(t.getName()),
        "evaluateNow",
        new EvaluateRequest(TenantAccess.caller(request).name()),
        PartitionEvaluation.class,
        "EVALUATION_FAILED");
  }

  private TenantConfig growing(ContainerRequestContext request, String tenant) {
    TenantConfig t = access.operate(request, tenant, "tenant");
    if (!t.getKafka().isEnablePartitionScaling()) {
      throw ApiException.conflict(
          "PARTITION_SCALING_DISABLED",
          "partition growth is off for tenant "
              + t.getName()
              + " (kafka.enablePartitionScaling: false)");
    }
    return t;
  }

  // ---- migrations --------------------------------------------------------------------------

  @POST
  @Path("migrations")
  public Response startMigration(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      MigrationBody body) {
    TenantConfig t = access.operate(request, tenant, "tenant");
    if (body == null) {
      throw ApiException.badRequest("a body is required: {newBootstrapServers, vector, …}");
    }
    String id = body.migrationId() != null ? body.migrationId() : newMigrationId();
    MigrationInput input =
        new MigrationInput(
            t.getName(),
            id,
            body.newBootstrapServers(),
            body.vector() != null ? body.vector() : configuredVector(t),
            body.quietPeriodSeconds(),
            body.drainTimeoutSeconds(),
            body.arrivalTimeoutSeconds(),
            body.recoveryTimeoutSeconds(),
            body.freshnessBoundMinutes(),
            body.requireApproval(),
            body.dryRun(),
            TenantAccess.caller(request).name());
    List<String> problems = input.problems();
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.size() + " problem(s): " + String.join("; ", problems));
    }
    String current =
        KafkaClusterKey.effective(dao.findCluster(t.getName()), t.getKafka().getBootstrapServers());
    if (KafkaClusterKey.same(current, input.newBootstrapServers())) {
      throw ApiException.badRequest("tenant " + t.getName() + " already uses " + current);
    }
    String workflowId = WorkflowIds.kafkaMigration(t.getName(), id);
    long now = clock.millis();
    MigrationRow row =
        new MigrationRow(
            t.getName(),
            id,
            true,
            "RUNNING",
            "PREFLIGHT",
            current,
            input.newBootstrapServers(),
            input.requestedBy(),
            input.dryRunOrDefault(),
            null,
            now,
            now);
    MigrationSlots.Claim claim =
        MigrationSlots.claim(
            dao,
            row,
            other -> workflows.isRunning(WorkflowIds.kafkaMigration(t.getName(), other)),
            now);
    if (!(claim instanceof MigrationSlots.Claimed)) {
      throw ApiException.conflict(
          claim instanceof MigrationSlots.HeldBy ? "MIGRATION_RUNNING" : "MIGRATION_ID_USED",
          MigrationSlots.refusal(claim));
    }
    String runId;
    try {
      runId = workflows.start(workflowId, "KafkaClusterMigration", input);
    } catch (ApiException e) {
      MigrationSlots.release(dao, row, "NOT_STARTED", clock.millis());
      throw e;
    }
    return Response.status(202)
        .entity(new Started(t.getName(), id, workflowId, runId, current))
        .build();
  }

  @GET
  @Path("migrations")
  public List<MigrationView> migrations(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
    return dao.recentMigrations(access.operate(request, tenant, "tenant").getName(), limit).stream()
        .map(KafkaResource::view)
        .toList();
  }

  @GET
  @Path("migrations/{id}")
  public MigrationView migration(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @PathParam("id") String id) {
    TenantConfig t = access.operate(request, tenant, "tenant");
    return dao.findMigration(t.getName(), id)
        .map(KafkaResource::view)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "UNKNOWN_MIGRATION", "tenant " + t.getName() + " has no migration " + id));
  }

  @POST
  @Path("migrations/{id}:approve")
  public MigrationProgress approve(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      DecisionBody body) {
    return decide(request, tenant, id, "approve", body);
  }

  @POST
  @Path("migrations/{id}:proceed")
  public MigrationProgress proceed(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      DecisionBody body) {
    return decide(request, tenant, id, "proceed", body);
  }

  @POST
  @Path("migrations/{id}:rollback")
  public MigrationProgress rollback(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      DecisionBody body) {
    return decide(request, tenant, id, "rollback", body);
  }

  @POST
  @Path("migrations/{id}:cancel")
  public Response cancel(
      @Context ContainerRequestContext request,
      @PathParam("tenant") String tenant,
      @PathParam("id") String id) {
    MigrationRow row = known(request, tenant, id);
    workflows.cancel(WorkflowIds.kafkaMigration(row.tenant(), id));
    return Response.status(202).entity(view(row)).build();
  }

  private MigrationProgress decide(
      ContainerRequestContext request, String tenant, String id, String update, DecisionBody body) {
    MigrationRow row = known(request, tenant, id);
    return workflows.update(
        WorkflowIds.kafkaMigration(row.tenant(), id),
        update,
        new OperatorDecision(
            TenantAccess.caller(request).name(), body == null ? null : body.reason()),
        MigrationProgress.class,
        "MIGRATION_UPDATE_FAILED");
  }

  private MigrationRow known(ContainerRequestContext request, String tenant, String id) {
    TenantConfig t = access.operate(request, tenant, "tenant");
    return dao.findMigration(t.getName(), id)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "UNKNOWN_MIGRATION", "tenant " + t.getName() + " has no migration " + id));
  }

  /** The tenant's {@code vector.kubernetes} or {@code vector.asg}, or null. */
  public static VectorTarget configuredVector(TenantConfig t) {
    var k = t.getVector().getKubernetes();
    if (k != null) {
      return new VectorTarget(
          new VectorTarget.KubernetesTarget(k.namespace, k.configMap, k.key, k.deployment), null);
    }
    var a = t.getVector().getAsg();
    return a == null
        ? null
        : new VectorTarget(
            null, new VectorTarget.AsgTarget(a.name, a.region, a.endpoint, a.ssmParameter));
  }

  private String newMigrationId() {
    byte[] b = new byte[2];
    RANDOM.nextBytes(b);
    return "m-" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(b);
  }

  private static MigrationView view(MigrationRow r) {
    MigrationProgress p = null;
    if (r.progress() != null) {
      try {
        p = JSON.readValue(r.progress(), MigrationProgress.class);
      } catch (JsonProcessingException e) {
        p = null;
      }
    }
    return new MigrationView(
        r.tenant(),
        r.migrationId(),
        r.active(),
        r.status(),
        r.step(),
        r.oldBootstrap(),
        r.newBootstrap(),
        r.requestedBy(),
        r.dryRun(),
        r.startedAtMs(),
        r.updatedAtMs(),
        p);
  }
}
