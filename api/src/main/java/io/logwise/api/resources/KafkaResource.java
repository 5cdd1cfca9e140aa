package io.logwise.api.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.api.workflows.WorkflowCommands.MigrationDecision;
import io.logwise.config.TenantConfig;
import io.logwise.store.KafkaDao;
import io.logwise.store.MigrationRow;
import io.logwise.store.PartitionDecisionRow;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.EvaluateRequest;
import io.logwise.workflows.kafka.KafkaPartitionsState;
import io.logwise.workflows.kafka.MigrationInput;
import io.logwise.workflows.kafka.MigrationProgress;
import io.logwise.workflows.kafka.MigrationStart;
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
@io.swagger.v3.oas.annotations.tags.Tag(name = "kafka")
@Path("/api/v1/tenants/{tenant}/kafka")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KafkaResource {

  /** Body of {@code POST …/kafka/migrations}: {@link MigrationInput} without the tenant. */
  @io.swagger.v3.oas.annotations.media.Schema(
      description =
          "a cluster migration to start: the new brokers and how Vector is pointed at them")
  public record MigrationBody(
      @io.swagger.v3.oas.annotations.media.Schema(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
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
  @io.swagger.v3.oas.annotations.media.Schema(description = "why the operator decides")
  public record DecisionBody(@Size(max = 500) String reason) {}

  /** A started migration. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "a started migration")
  public record Started(
      String tenant,
      String migrationId,
      String workflowId,
      String runId,
      String oldBootstrapServers) {}

  /** A migration as stored: its row and its progress. */
  @io.swagger.v3.oas.annotations.media.Schema(
      description = "a migration as stored, with its progress")
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

  private final WorkflowCommands workflows;
  private final KafkaDao dao;
  private final Clock clock;

  public KafkaResource(WorkflowCommands workflows, KafkaDao dao, Clock clock) {
    this.workflows = workflows;
    this.dao = dao;
    this.clock = clock;
  }

  // ---- partition growth --------------------------------------------------------------------

  @io.swagger.v3.oas.annotations.Operation(summary = "Partition growth's state")
  @GET
  @Path("partitions")
  public KafkaPartitionsState partitions(@Context AuthorisedTenant tenant) {
    return workflows.partitionsState(growing(tenant).getName());
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Partition growth's decisions")
  @GET
  @Path("partitions/decisions")
  public List<PartitionDecisionRow> partitionDecisions(
      @Context AuthorisedTenant tenant,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
    return dao.recentPartitionDecisions(tenant.name(), limit);
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Evaluate partition growth now")
  @POST
  @Path("partitions:evaluate")
  public PartitionEvaluation evaluate(@Context AuthorisedTenant tenant) {
    return workflows.evaluatePartitions(
        growing(tenant).getName(), new EvaluateRequest(tenant.caller().name()));
  }

  private static TenantConfig growing(AuthorisedTenant tenant) {
    TenantConfig t = tenant.config();
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

  @io.swagger.v3.oas.annotations.Operation(summary = "Start a Kafka cluster migration")
  @POST
  @Path("migrations")
  public Response startMigration(@Context AuthorisedTenant tenant, MigrationBody body) {
    TenantConfig t = tenant.config();
    if (body == null) {
      throw ApiException.badRequest("a body is required: {newBootstrapServers, vector, …}");
    }
    String id = body.migrationId() != null ? body.migrationId() : newMigrationId();
    MigrationInput input =
        new MigrationInput(
            t.getName(),
            id,
            body.newBootstrapServers(),
            body.vector() != null ? body.vector() : t.getVector().target(),
            body.quietPeriodSeconds(),
            body.drainTimeoutSeconds(),
            body.arrivalTimeoutSeconds(),
            body.recoveryTimeoutSeconds(),
            body.freshnessBoundMinutes(),
            body.requireApproval(),
            body.dryRun(),
            tenant.caller().name());
    List<String> problems = input.problems();
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.size() + " problem(s): " + String.join("; ", problems));
    }
    // the workflow's first step claims the tenant's slot: the same rules as a start from the
    // temporal CLI; the start waits for its outcome
    WorkflowCommands.StartedMigration begun = workflows.startMigration(input);
    MigrationStart claim = begun.start();
    switch (claim.outcome()) {
      case CLAIMED -> {}
      case INVALID, SAME_CLUSTER -> throw ApiException.badRequest(claim.message());
      case RUNNING -> throw ApiException.conflict("MIGRATION_RUNNING", claim.message());
      case ID_USED -> throw ApiException.conflict("MIGRATION_ID_USED", claim.message());
    }
    return Response.status(202)
        .entity(
            new Started(
                t.getName(),
                id,
                WorkflowIds.kafkaMigration(t.getName(), id),
                begun.runId(),
                claim.oldBootstrapServers()))
        .build();
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "The tenant's cluster migrations")
  @GET
  @Path("migrations")
  public List<MigrationView> migrations(
      @Context AuthorisedTenant tenant,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
    return dao.recentMigrations(tenant.name(), limit).stream().map(KafkaResource::view).toList();
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "One migration with its progress")
  @GET
  @Path("migrations/{id}")
  public MigrationView migration(@Context AuthorisedTenant tenant, @PathParam("id") String id) {
    return view(known(tenant, id));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Approve a migration's cut-over")
  @POST
  @Path("migrations/{id}:approve")
  public MigrationProgress approve(
      @Context AuthorisedTenant tenant, @PathParam("id") String id, DecisionBody body) {
    return decide(tenant, id, MigrationDecision.APPROVE, body);
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Move a waiting migration on")
  @POST
  @Path("migrations/{id}:proceed")
  public MigrationProgress proceed(
      @Context AuthorisedTenant tenant, @PathParam("id") String id, DecisionBody body) {
    return decide(tenant, id, MigrationDecision.PROCEED, body);
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Roll a migration back")
  @POST
  @Path("migrations/{id}:rollback")
  public MigrationProgress rollback(
      @Context AuthorisedTenant tenant, @PathParam("id") String id, DecisionBody body) {
    return decide(tenant, id, MigrationDecision.ROLLBACK, body);
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Cancel a migration")
  @POST
  @Path("migrations/{id}:cancel")
  public Response cancel(@Context AuthorisedTenant tenant, @PathParam("id") String id) {
    MigrationRow row = known(tenant, id);
    workflows.cancelMigration(row.tenant(), id);
    return Response.status(202).entity(view(row)).build();
  }

  private MigrationProgress decide(
      AuthorisedTenant tenant, String id, MigrationDecision decision, DecisionBody body) {
    MigrationRow row = known(tenant, id);
    return workflows.decideMigration(
        row.tenant(),
        id,
        decision,
        new OperatorDecision(tenant.caller().name(), body == null ? null : body.reason()));
  }

  private MigrationRow known(AuthorisedTenant tenant, String id) {
    return dao.findMigration(tenant.name(), id)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "UNKNOWN_MIGRATION", "tenant " + tenant.name() + " has no migration " + id));
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
