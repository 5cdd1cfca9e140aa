package io.logwise.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.auth.TenantAccess;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.config.AuthSettings.ApiToken;
import io.logwise.config.TenantConfig;
import io.logwise.store.ServiceDetail;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.catalog.CatalogSyncRequest;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.catalog.ServiceCatalogActivities;
import io.logwise.workflows.retention.RetentionSyncInput;
import io.logwise.workflows.retention.RetentionSyncWorkflow;
import io.logwise.workflows.retention.RetentionSyncWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ServiceCatalogResourceTest {

  private static final String ADMIN = "admin-token-0123456789";
  private static final String ACME = "acme-token-0123456789";
  private static final String ACME_LISTENER = "acme-listener-0123456789";

  /** What the fake activity does on its next call. */
  enum Mode {
    OK,
    FAIL,
    SLOW
  }

  static volatile Mode mode = Mode.OK;
  static volatile String healthStatus = "UP";
  static final List<CatalogSyncRequest> calls = new CopyOnWriteArrayList<>();

  static final TestWorkflowEnvironment temporal = startTemporal();
  static final io.logwise.store.ServiceDetailsDao retentionDao =
      org.mockito.Mockito.mock(io.logwise.store.ServiceDetailsDao.class);

  static final Map<String, List<ServiceDetail>> catalog =
      Map.of(
          "acme",
          List.of(
              new ServiceDetail(
                  "acme",
                  "orders",
                  "",
                  3,
                  "default",
                  Instant.parse("2026-11-21T10:00:00Z"),
                  Instant.parse("2026-11-21T11:00:00Z")),
              new ServiceDetail(
                  "acme",
                  "cart",
                  "prod",
                  30,
                  "environment",
                  Instant.parse("2026-11-21T10:00:00Z"),
                  Instant.parse("2026-11-21T11:00:00Z"))));

  final ResourceExtension api =
      TestApi.with(
              List.of(
                  new ApiToken("ops", ADMIN, List.of("admin")),
                  new ApiToken("acme-team", ACME, List.of("tenant:acme")),
                  new ApiToken("acme-spark", ACME_LISTENER, List.of("listener:acme"))))
          .addResource(
              new ServiceCatalogResource(
                  new TenantAccess(List.of(tenant("acme"), tenant("globex"))),
                  new WorkflowGateway(
                      temporal.getWorkflowClient(),
                      Duration.ofSeconds(3),
                      Executors.newCachedThreadPool(),
                      "logwise"),
                  t -> catalog.getOrDefault(t, List.of())))
          .addResource(
              new RetentionResource(
                  new TenantAccess(List.of(tenant("acme"), tenant("globex"))),
                  new WorkflowGateway(
                      temporal.getWorkflowClient(),
                      Duration.ofSeconds(3),
                      Executors.newCachedThreadPool(),
                      "logwise"),
                  retentionDao))
          .build();

  private static TenantConfig tenant(String name) {
    return new TenantConfig().setName(name);
  }

  private static TestWorkflowEnvironment startTemporal() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker("logwise");
    worker.registerWorkflowImplementationTypes(RetentionSyncWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        (io.logwise.workflows.retention.PipelineHealthActivities)
            tenant ->
                new io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth(
                    tenant, healthStatus, "checked", 0, List.of()),
        new io.logwise.workflows.retention.RetentionActivities() {
          @Override
          public LifecycleResult reconcileLifecycle(LifecycleRequest request) {
            return new LifecycleResult(
                3,
                1,
                1,
                0,
                0,
                !request.dryRun(),
                request.dryRun(),
                List.of("+ logwise:search logs/service_name=search/ expire after 3d"),
                null);
          }

          @Override
          public FreshnessResult measureFreshness(FreshnessRequest request) {
            return new FreshnessResult(
                request.tenant(),
                0,
                List.of(new ServiceFreshness("healthcheck-dummy", 4, "2026-11-21T10:11")));
          }
        },
        (ServiceCatalogActivities)
            request -> {
              calls.add(request);
              switch (mode) {
                case FAIL ->
                    throw LogwiseFailures.badConfig(
                        "bucket 'acme-logs' of tenant acme does not exist");
                case SLOW -> sleep(6000);
                default -> {}
              }
              return new CatalogSyncResult(3, 1, 1, 1, List.of("search"), List.of("legacy"), null);
            });
    env.start();
    WorkflowClient.start(
        env.getWorkflowClient()
                .newWorkflowStub(
                    RetentionSyncWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.retentionSync("acme"))
                        .setTaskQueue("logwise")
                        .build())
            ::run,
        RetentionSyncInput.of("acme", 900));
    return env;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  static void stopTemporal() {
    temporal.close();
  }

  @BeforeEach
  void reset() {
    mode = Mode.OK;
    calls.clear();
  }

  private Invocation.Builder call(String path, String token) {
    String[] parts = path.split("\\?", 2);
    jakarta.ws.rs.client.WebTarget target = api.target(parts[0]);
    if (parts.length == 2) {
      for (String pair : parts[1].split("&")) {
        String[] kv = pair.split("=", 2);
        target = target.queryParam(kv[0], kv[1]);
      }
    }
    Invocation.Builder b = target.request();
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Response r) {
    r.bufferEntity();
    return (Map<String, Object>) r.readEntity(Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(Response r) {
    return (Map<String, Object>) body(r).get("error");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> item(Map<String, Object> list, int i) {
    return ((List<Map<String, Object>>) list.get("serviceDetails")).get(i);
  }

  private static final Entity<String> EMPTY = Entity.json("");

  @Test
  void syncByHeaderReturnsWhatTheWorkflowDid() {
    Response r =
        call("/component/sync?componentType=application", ADMIN)
            .header("X-Tenant-Name", "acme")
            .post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(200);
    Map<String, Object> body = body(r);
    assertThat(body)
        .containsEntry("tenant", "acme")
        .containsEntry("added", 1)
        .containsEntry("removed", 1);
    assertThat(body.get("addedServices")).isEqualTo(List.of("search"));
    assertThat(body.get("trigger")).isEqualTo("api: ops");
    assertThat(calls).singleElement().extracting(CatalogSyncRequest::tenant).isEqualTo("acme");
  }

  @Test
  void syncByPathWorksForTheTenantsOwnToken() {
    Response r = call("/api/v1/tenants/acme/services:sync", ACME).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(body(r)).containsEntry("trigger", "api: acme-team");
  }

  @Test
  void aTokenForAnotherTenantIsForbiddenAndNothingRuns() {
    Response r = call("/api/v1/tenants/globex/services:sync", ACME).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(403);
    assertThat(error(r)).containsEntry("code", "FORBIDDEN");
    Response listener = call("/api/v1/tenants/acme/services:sync", ACME_LISTENER).post(EMPTY);
    assertThat(listener.getStatus()).isEqualTo(403);
    assertThat(calls).isEmpty();
  }

  @Test
  void missingOrUnknownTokensAreUnauthorized() {
    Response none = call("/api/v1/tenants/acme/services", null).get();
    assertThat(none.getStatus()).isEqualTo(401);
    assertThat(error(none)).containsEntry("code", "UNAUTHORIZED");
    assertThat(none.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
    Response wrong = call("/api/v1/tenants/acme/services", "not-a-real-token-at-all").get();
    assertThat(wrong.getStatus()).isEqualTo(401);
  }

  @Test
  void anUnknownTenantIsNotFoundForAdmins() {
    Response r = call("/api/v1/tenants/nobody/services", ADMIN).get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(error(r)).containsEntry("code", "UNKNOWN_TENANT");
    Response header = call("/service-details", ADMIN).header("X-Tenant-Name", "nobody").get();
    assertThat(header.getStatus()).isEqualTo(404);
  }

  @Test
  void aMissingTenantHeaderIsABadRequest() {
    Response r = call("/component/sync?componentType=application", ADMIN).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(error(r)).containsEntry("code", "INVALID_REQUEST");
    assertThat((String) error(r).get("message")).contains("X-Tenant-Name");
  }

  @Test
  void componentTypeIsRequiredAndMustBeApplication() {
    Response missing =
        call("/api/v1/component/sync", ADMIN).header("X-Tenant-Name", "acme").post(EMPTY);
    assertThat(missing.getStatus()).isEqualTo(400);
    assertThat((String) error(missing).get("message")).contains("componentType is required");
    Response wrong =
        call("/api/v1/component/sync?componentType=spark", ADMIN)
            .header("X-Tenant-Name", "acme")
            .post(EMPTY);
    assertThat(wrong.getStatus()).isEqualTo(400);
    assertThat((String) error(wrong).get("message")).contains("'spark'");
    assertThat(calls).isEmpty();
  }

  @Test
  void aTooLongReasonIsRejected() {
    Response r =
        call("/api/v1/tenants/acme/services:sync?reason=" + "x".repeat(201), ADMIN).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(calls).isEmpty();
  }

  @Test
  void theReasonMayComeAsAJsonBody() {
    Response r =
        call("/api/v1/tenants/acme/services:sync", ADMIN)
            .post(Entity.json("{\"reason\":\"deploy\"}"));
    assertThat(r.getStatus()).isEqualTo(200);
    Response noBody = call("/api/v1/tenants/acme/services:sync", ADMIN).post(null);
    assertThat(noBody.getStatus()).isEqualTo(200);
    assertThat(calls).hasSize(2);
  }

  @Test
  void malformedOrInvalidBodiesAreBadRequestsAndNothingRuns() {
    Response garbage =
        call("/api/v1/tenants/acme/services:sync", ADMIN).post(Entity.json("{not json"));
    assertThat(garbage.getStatus()).isEqualTo(400);
    assertThat(error(garbage)).containsEntry("code", "MALFORMED_JSON");
    Response tooLong =
        call("/api/v1/tenants/acme/services:sync", ADMIN)
            .post(Entity.json("{\"reason\":\"" + "x".repeat(201) + "\"}"));
    assertThat(tooLong.getStatus()).isEqualTo(400);
    assertThat(error(tooLong)).containsEntry("code", "INVALID_REQUEST");
    assertThat((String) error(tooLong).get("message")).contains("reason");
    Response wrongType =
        call("/api/v1/tenants/acme/services:sync", ADMIN).post(Entity.text("reason=deploy"));
    assertThat(wrongType.getStatus()).isEqualTo(415);
    assertThat(error(wrongType)).containsEntry("code", "UNSUPPORTED_MEDIA_TYPE");
    assertThat(calls).isEmpty();
  }

  @Test
  void aFailedSyncIsAnErrorNotASilentSuccess() {
    mode = Mode.FAIL;
    Response r = call("/api/v1/tenants/acme/services:sync", ADMIN).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(error(r)).containsEntry("code", "SYNC_FAILED");
    assertThat((String) error(r).get("message")).contains("bucket 'acme-logs'");
  }

  @Test
  void aWorkflowThatIsNotRunningIsAnError() {
    Response r = call("/api/v1/tenants/globex/services:sync", ADMIN).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(error(r)).containsEntry("code", "WORKFLOW_NOT_RUNNING");
    assertThat((String) error(r).get("message")).contains("retention-sync/globex");
  }

  @Test
  void aSyncSlowerThanTheDeadlineTimesOutWith503() {
    mode = Mode.SLOW;
    Response r = call("/api/v1/tenants/acme/services:sync", ADMIN).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(error(r)).containsEntry("code", "TIMEOUT");
  }

  @Test
  void listsTheCatalogOnBothPaths() {
    Map<String, Object> byPath = body(call("/api/v1/tenants/acme/services", ACME).get());
    Map<String, Object> byHeader =
        body(call("/service-details", ACME).header("X-Tenant-Name", "acme").get());
    assertThat(byPath).isEqualTo(byHeader);
    assertThat(byPath).containsEntry("count", 2);
    assertThat(item(byPath, 1))
        .containsEntry("serviceName", "cart")
        .containsEntry("environment", "prod")
        .containsEntry("retentionDays", 30)
        .containsEntry("lastSeenAt", "2026-11-21T11:00:00Z");
    assertThat(item(byPath, 0).get("environment")).isNull();
  }

  @Test
  void aRetentionOverrideIsValidatedAndStored() {
    org.mockito.Mockito.when(retentionDao.setRetention("acme", "orders", "", 14)).thenReturn(1);
    Response ok =
        call("/api/v1/tenants/acme/services/orders/retention", ACME)
            .put(Entity.json("{\"days\":14}"));
    assertThat(ok.getStatus()).isEqualTo(200);
    assertThat(body(ok))
        .containsEntry("retentionDays", 14)
        .containsEntry("retentionSource", "override");

    Response unknown =
        call("/api/v1/tenants/acme/services/nope/retention", ACME)
            .put(Entity.json("{\"days\":14}"));
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(error(unknown)).containsEntry("code", "UNKNOWN_SERVICE");
    for (String bad : List.of("{\"days\":0}", "{\"days\":3651}", "{}")) {
      Response r =
          call("/api/v1/tenants/acme/services/orders/retention", ACME).put(Entity.json(bad));
      assertThat(r.getStatus()).as(bad).isEqualTo(400);
      assertThat((String) error(r).get("message")).contains("days");
    }
    org.mockito.Mockito.verify(retentionDao, org.mockito.Mockito.never())
        .setRetention("acme", "orders", "", 0);
  }

  @Test
  void syncDelayAndThePlanComeFromTheWorkflow() {
    Response delay = call("/metric/sync-delay", ADMIN).header("X-Tenant-Name", "acme").get();
    assertThat(delay.getStatus()).isEqualTo(200);
    assertThat(body(delay)).containsEntry("tenant", "acme").containsEntry("appLogsDelayMinutes", 4);
    Response plan = call("/api/v1/tenants/acme/retention/plan", ADMIN).get();
    assertThat(plan.getStatus()).isEqualTo(200);
    assertThat(body(plan)).containsEntry("dryRun", true).containsEntry("written", false);
    assertThat(call("/api/v1/tenants/globex/retention/plan", ACME).get().getStatus())
        .isEqualTo(403);
  }

  @Test
  void pipelineHealthIs200WhenUsableAnd503WhenDown() {
    healthStatus = "WARNING";
    Response warn = call("/pipeline/health", ADMIN).header("X-Tenant-Name", "acme").get();
    assertThat(warn.getStatus()).isEqualTo(200);
    assertThat(body(warn)).containsEntry("status", "WARNING").containsEntry("tenant", "acme");
    healthStatus = "DOWN";
    Response down = call("/api/v1/tenants/acme/health", ACME).get();
    assertThat(down.getStatus()).isEqualTo(503);
    assertThat(body(down)).containsEntry("status", "DOWN");
    healthStatus = "UP";
  }

  @Test
  void unknownPathsAnswerWithJsonErrors() {
    Response r = call("/api/v1/nothing-here", ADMIN).get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(error(r)).containsEntry("code", "NOT_FOUND");
    Response method = call("/api/v1/tenants/acme/services", ADMIN).delete();
    assertThat(method.getStatus()).isEqualTo(405);
    assertThat(error(method)).containsEntry("code", "METHOD_NOT_ALLOWED");
  }
}
