package io.logwise.api.resources;

import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.errors.ApiException;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.policy.catalog.ServiceKey;
import io.logwise.policy.health.HealthStatus;
import io.logwise.policy.retention.LifecyclePlan;
import io.logwise.policy.retention.RetentionLayout;
import io.logwise.store.FreshnessRow;
import io.logwise.store.ServiceDetail;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth;
import io.logwise.workflows.retention.RetentionActivities.FreshnessRequest;
import io.logwise.workflows.retention.RetentionActivities.FreshnessResult;
import io.logwise.workflows.retention.RetentionActivities.LifecycleResult;
import io.logwise.workflows.retention.SyncRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** Retention overrides, the lifecycle plan, log freshness and pipeline health of one tenant. */
@io.swagger.v3.oas.annotations.tags.Tag(name = "retention")
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

  /** Body of a retention change; {@code env} picks a service under {@code env=<e>/}. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "a retention override in days")
  public record RetentionBody(
      @NotNull @Min(1) @Max(3650) Integer days,
      @Size(max = 63) @io.swagger.v3.oas.annotations.media.Schema(pattern = NAME_TEXT)
          String env) {}

  /**
   * A service or environment name the catalog can hold: no control character, no whitespace at
   * either end ({@code ServiceKeyCheck}).
   */
  static final String NAME_TEXT =
      "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$";

  /**
   * Body of {@code PUT …/retention}: the service by name in the body, for names a path cannot carry
   * (Spark escapes {@code /} in partition values as {@code %2F}, so a service can be called {@code
   * a%2Fb}).
   */
  @io.swagger.v3.oas.annotations.media.Schema(
      description = "a retention override naming its service")
  public record NamedRetentionBody(
      @NotNull
          @Size(min = 1, max = 255)
          @io.swagger.v3.oas.annotations.media.Schema(pattern = NAME_TEXT)
          String service,
      @NotNull @Min(1) @Max(3650) Integer days,
      @Size(max = 63) @io.swagger.v3.oas.annotations.media.Schema(pattern = NAME_TEXT)
          String env) {}

  /** How one service's retention is enforced: a lifecycle rule (its id), or the expiry sweep. */
  @io.swagger.v3.oas.annotations.media.Schema(
      description = "how one service's retention is enforced")
  public record ServiceEnforcement(
      String serviceName,
      String environment,
      int retentionDays,
      String enforcedBy,
      String ruleId) {}

  /** The lifecycle a reconcile would write now, and how every service's retention is enforced. */
  @io.swagger.v3.oas.annotations.media.Schema(
      description = "the lifecycle diff and each service's enforcement")
  public record RetentionPlan(
      String tenant,
      LifecycleResult lifecycle,
      int services,
      long swept,
      List<ServiceEnforcement> enforcement) {}

  /** The latest background measurement of one service. */
  @io.swagger.v3.oas.annotations.media.Schema(description = "one service's freshness")
  public record ServiceFreshnessView(
      String service, String environment, int delayMinutes, String newest, String measuredAt) {}

  /** Freshness of the tenant's services, worst first, as last measured. */
  @io.swagger.v3.oas.annotations.media.Schema(
      description = "freshness of every service, worst first")
  public record FreshnessView(
      String tenant, String oldestMeasurementAt, List<ServiceFreshnessView> services) {}

  /** The stored change. */
  public record RetentionChanged(
      String tenant,
      String serviceName,
      String environment,
      int retentionDays,
      String retentionSource,
      String bucket) {}

  private final WorkflowCommands workflows;
  private final ServiceDetailsDao services;

  public RetentionResource(WorkflowCommands workflows, ServiceDetailsDao services) {
    this.workflows = workflows;
    this.services = services;
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "Set a service's retention override")
  @PUT
  @Path("services/{service}/retention")
  @Consumes(MediaType.APPLICATION_JSON)
  public RetentionChanged setRetention(
      @Context AuthorisedTenant tenant,
      @PathParam("service") String service,
      @NotNull @Valid RetentionBody body) {
    return change(tenant, service, body.env(), body.days());
  }

  /** The same change with the service named in the body. */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Set a retention override, the service in the body")
  @PUT
  @Path("retention")
  @Consumes(MediaType.APPLICATION_JSON)
  public RetentionChanged setRetentionByName(
      @Context AuthorisedTenant tenant, @NotNull @Valid NamedRetentionBody body) {
    return change(tenant, body.service(), body.env(), body.days());
  }

  private RetentionChanged change(
      AuthorisedTenant tenant, String service, String environment, int days) {
    String name = tenant.name();
    String env = environment == null ? "" : environment;
    // the catalog never holds such a name; its collation would match it to another ("pay " is
    // "pay" there), and the override would land on that one
    String problem = io.logwise.policy.catalog.ServiceKeyCheck.problem(service, env);
    if (problem != null) {
      throw ApiException.badRequest(problem + ": no service of the catalog has such a name");
    }
    if (services.setRetention(name, service, env, days) == 0) {
      throw unknownService(name, service, env);
    }
    return new RetentionChanged(
        name,
        service,
        env.isEmpty() ? null : env,
        days,
        "override",
        "the bucket's lifecycle follows at the next sync; POST /api/v1/tenants/"
            + name
            + "/services:sync applies it now");
  }

  /**
   * The lifecycle diff a reconcile would make now (from the worker, which reads the bucket) and,
   * for every service, how its retention is enforced: computed here by the same pure layout from
   * the catalog and the foreign rule count the worker saw.
   */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "The lifecycle diff, not written, and how each service's retention is enforced")
  @GET
  @Path("retention/plan")
  public RetentionPlan plan(@Context AuthorisedTenant tenant) {
    LifecycleResult lifecycle =
        workflows.planLifecycle(tenant.name(), new SyncRequest(tenant.caller().name(), "plan"));
    List<ServiceDetail> catalog = services.listByTenant(tenant.name());
    RetentionLayout.Layout layout =
        RetentionLayout.plan(
            tenant.config().getObjectStore().getLogsPrefix(),
            catalog.stream()
                .map(
                    d ->
                        new RetentionLayout.Wanted(
                            new ServiceKey(d.serviceName(), d.environment()), d.retentionDays()))
                .toList(),
            LifecyclePlan.MAX_RULES - lifecycle.foreignRules());
    List<ServiceEnforcement> enforcement =
        layout.services().stream()
            .map(
                e ->
                    new ServiceEnforcement(
                        e.key().service(),
                        e.key().environment().isEmpty() ? null : e.key().environment(),
                        e.days(),
                        e.how().name().toLowerCase(java.util.Locale.ROOT),
                        e.ruleId()))
            .toList();
    return new RetentionPlan(
        tenant.name(), lifecycle, enforcement.size(), layout.swept(), enforcement);
  }

  /**
   * What the coming expiry sweeps would delete, every service no rule covers, in the order they
   * will take them (from where the next sweep starts): totals, and the first partitions. 200 when
   * it finished within 20 s, else 202 with the operation to follow.
   */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "What the coming expiry sweeps would delete (dry run of every service)")
  @Answers(
      value = io.logwise.workflows.retention.RetentionActivities.SweepResult.class,
      handsOver = true)
  @GET
  @Path("retention/sweep-plan")
  public Response sweepPlan(@Context AuthorisedTenant tenant) {
    return OperationView.answer(
        tenant.name(),
        workflows.planSweep(tenant.name(), new SyncRequest(tenant.caller().name(), "plan")),
        r -> r);
  }

  /** 200 for UP and WARNING, 503 for DOWN (so probes can alert); the body is always the report. */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Pipeline health as checked on the last sync tick (?refresh=true checks now)")
  @Answers(
      value = PipelineHealth.class,
      codes = {200, 503},
      descriptions = {"UP or WARNING", "DOWN: the same report (probes alert on the status)"})
  @GET
  @Path("health")
  public Response health(
      @Context AuthorisedTenant tenant,
      @QueryParam("refresh") @DefaultValue("false") boolean refresh) {
    var state = refresh ? null : workflows.retentionState(tenant.name());
    PipelineHealth h = state == null ? null : state.lastHealth();
    if (h == null) { // asked to, or not checked yet: check now (an update)
      h = workflows.health(tenant.name(), new SyncRequest(tenant.caller().name(), "health"));
    }
    return Response.status(HealthStatus.DOWN.name().equals(h.status()) ? 503 : 200)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(h)
        .build();
  }

  /**
   * Every service's freshness as the worker last measured it in the background (no listing on the
   * request path, so any number of services answers at once), worst first; with {@code service}
   * (and {@code env}) that one service measured now.
   */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Log freshness per service, worst first (?service= measures one now)")
  @GET
  @Path("freshness")
  public FreshnessView freshness(
      @Context AuthorisedTenant tenant,
      @QueryParam("service") String service,
      @QueryParam("env") String env) {
    if (service != null) {
      return measureNow(tenant, service, env == null ? "" : env);
    }
    List<FreshnessRow> latest = services.listFreshness(tenant.name());
    List<ServiceFreshnessView> rows =
        latest.stream()
            .map(
                r ->
                    new ServiceFreshnessView(
                        r.serviceName(),
                        r.environment().isEmpty() ? null : r.environment(),
                        r.delayMinutes(),
                        r.newest(),
                        Instant.ofEpochMilli(r.measuredAtMs()).toString()))
            .toList();
    String oldest =
        latest.stream().mapToLong(FreshnessRow::measuredAtMs).min().stream()
            .mapToObj(ms -> Instant.ofEpochMilli(ms).toString())
            .findFirst()
            .orElse(null);
    return new FreshnessView(tenant.name(), oldest, rows);
  }

  private static ApiException unknownService(String tenant, String service, String env) {
    return ApiException.notFound(
        "UNKNOWN_SERVICE",
        "service '"
            + service
            + "'"
            + (env.isEmpty() ? "" : " in env '" + env + "'")
            + " is not in the catalog of tenant '"
            + tenant
            + "'");
  }

  private FreshnessView measureNow(AuthorisedTenant tenant, String service, String env) {
    boolean known =
        services.listByTenant(tenant.name()).stream()
            .anyMatch(d -> d.serviceName().equals(service) && d.environment().equals(env));
    if (!known) {
      throw unknownService(tenant.name(), service, env);
    }
    FreshnessResult r =
        workflows.freshness(
            tenant.name(),
            new FreshnessRequest(
                tenant.name(), List.of(service), env.isEmpty() ? null : env, null));
    String at = Instant.ofEpochMilli(r.measuredAtMillis()).toString();
    return new FreshnessView(
        tenant.name(),
        at,
        r.services().stream()
            .map(
                f ->
                    new ServiceFreshnessView(
                        f.service(), f.environment(), f.delayMinutes(), f.newest(), at))
            .toList());
  }

  /**
   * Minutes behind of the freshness sample service, as measured on the sync timer (a read costs no
   * workflow history); measured now only when it was never measured.
   */
  int sampleDelayMinutes(AuthorisedTenant tenant) {
    String sample = tenant.config().getRetention().getFreshnessSampleService();
    return services
        .findFreshness(tenant.name(), sample, "")
        .map(FreshnessRow::delayMinutes)
        .orElseGet(() -> freshness(tenant.name(), null).services().get(0).delayMinutes());
  }

  /** Of the named services, or (null) of the freshness sample service only. */
  FreshnessResult freshness(String tenant, List<String> names) {
    return workflows.freshness(tenant, new FreshnessRequest(tenant, names));
  }
}
