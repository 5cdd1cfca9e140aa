package io.logwise.api.resources;

import static io.logwise.api.resources.TestApi.ACME;
import static io.logwise.api.resources.TestApi.ACME_LISTENER;
import static io.logwise.api.resources.TestApi.ADMIN;
import static io.logwise.api.resources.TestApi.body;
import static io.logwise.api.resources.TestApi.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.store.ServiceDetail;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth;
import io.logwise.workflows.retention.RetentionActivities.FreshnessResult;
import io.logwise.workflows.retention.RetentionActivities.LifecycleResult;
import io.logwise.workflows.retention.RetentionActivities.ServiceFreshness;
import io.logwise.workflows.retention.SyncRequest;
import io.logwise.workflows.retention.SyncResult;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Discovery, retention, freshness and health: the v1 routes and the reference's. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ServiceCatalogResourceTest {

  private static final Entity<String> EMPTY = Entity.json("");

  private static final Map<String, List<ServiceDetail>> CATALOG =
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

  private final TestApi api = new TestApi(CATALOG, Clock.systemUTC());
  final ResourceExtension extension = api.extension;
  private final FakeWorkflowCommands workflows = api.workflows;

  @BeforeEach
  void answers() {
    workflows.sync =
        new SyncResult(
            "acme",
            "api: someone",
            1_000,
            2_000,
            new CatalogSyncResult(3, 1, 1, 1, List.of("search"), List.of("legacy"), null),
            null);
    workflows.plan =
        new LifecycleResult(
            3, 1, 1, 0, 0, false, true, List.of("+ logwise:search expire after 3d"), null);
    workflows.freshness =
        new FreshnessResult(
            "acme", 0, List.of(new ServiceFreshness("healthcheck-dummy", 4, "2026-11-21T10:11")));
  }

  private String requestedBy(int call) {
    return ((SyncRequest) workflows.callsOf("syncServices").get(call).argument()).requestedBy();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> item(Map<String, Object> list, int i) {
    return ((List<Map<String, Object>>) list.get("serviceDetails")).get(i);
  }

  @Test
  void syncByHeaderReturnsWhatTheWorkflowDid() {
    Response r =
        api.call("/component/sync?componentType=application", ADMIN)
            .header("X-Tenant-Name", "acme")
            .post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(200);
    Map<String, Object> body = body(r);
    assertThat(body)
        .containsEntry("tenant", "acme")
        .containsEntry("added", 1)
        .containsEntry("removed", 1);
    assertThat(body.get("addedServices")).isEqualTo(List.of("search"));
    assertThat(body.get("trigger")).isEqualTo("api: someone");
    assertThat(requestedBy(0)).isEqualTo("ops");
    assertThat(workflows.callsOf("syncServices"))
        .singleElement()
        .satisfies(c -> assertThat(c.tenant()).isEqualTo("acme"));
  }

  @Test
  void aSyncThatOutlastsTheRequestIsA202ToFollow() {
    String run = "8c2b6f0e-3f4a-4d55-9a1e-2b7c9d0e1f23";
    workflows.handOver = run;
    Response r = api.call("/api/v1/tenants/acme/services:sync", ACME).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(202);
    Map<String, Object> body = body(r);
    assertThat(body).containsEntry("status", "RUNNING").containsEntry("run", run);
    String id = (String) body.get("id");
    assertThat(id).startsWith("sync-");
    String follow = "/api/v1/tenants/acme/operations/" + id + "?run=" + run;
    assertThat(body).containsEntry("follow", follow);
    assertThat(r.getLocation()).hasPath("/api/v1/tenants/acme/operations/" + id);

    workflows.followed = new io.logwise.api.workflows.Followed.Running<>(id, run);
    Response still = api.call(follow, ACME).get();
    assertThat(still.getStatus()).isEqualTo(202);
    assertThat(body(still)).containsEntry("status", "RUNNING");

    workflows.followed = new io.logwise.api.workflows.Followed.Done<>(workflows.sync);
    Response done = api.call(follow, ACME).get();
    assertThat(done.getStatus()).isEqualTo(200);
    Map<String, Object> finished = body(done);
    assertThat(finished).containsEntry("status", "DONE");
    assertThat((Map<String, Object>) finished.get("result")).containsEntry("added", 1);
    assertThat(workflows.callsOf("followOperation"))
        .extracting(c -> c.argument())
        .containsOnly(id + "@" + run);
  }

  @Test
  void followingSomethingThatIsNotAnOperationIsRefused() {
    String run = "8c2b6f0e-3f4a-4d55-9a1e-2b7c9d0e1f23";
    Response unknown = api.call("/api/v1/tenants/acme/operations/nope?run=" + run, ACME).get();
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(body(unknown).toString()).contains("UNKNOWN_OPERATION");
    String id = io.logwise.api.workflows.Operations.SYNC.newId();
    Response noRun = api.call("/api/v1/tenants/acme/operations/" + id, ACME).get();
    assertThat(noRun.getStatus()).isEqualTo(400);
    assertThat(body(noRun).toString()).contains("run is required");
    assertThat(workflows.callsOf("followOperation")).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSyncsAnswerSaysEverythingItDid() {
    workflows.sync =
        new SyncResult(
            "acme",
            "api: ops",
            1_000,
            2_000,
            new CatalogSyncResult(
                5,
                0,
                0,
                3,
                List.of(),
                List.of(),
                null,
                1,
                1,
                2,
                List.of(
                    "logs/service_name=/: empty service name",
                    "logs/service_name=pay /: service name ends with whitespace")),
            null,
            new io.logwise.workflows.retention.RetentionActivities.SweepResult(
                4,
                2,
                2,
                3,
                120,
                false,
                List.of("logs/service_name=a/year=2026/month=01/"),
                2,
                List.of()),
            "2 of 4 swept services not reached in this run");
    Map<String, Object> body =
        body(api.call("/api/v1/tenants/acme/services:sync", ADMIN).post(EMPTY));
    assertThat(body)
        .containsEntry("restored", 1)
        .containsEntry("absent", 1)
        .containsEntry("skipped", 2)
        .containsEntry("notApplied", "2 of 4 swept services not reached in this run");
    assertThat((List<String>) body.get("skippedKeys"))
        .containsExactly(
            "logs/service_name=/: empty service name",
            "logs/service_name=pay /: service name ends with whitespace");
    assertThat((Map<String, Object>) body.get("sweep"))
        .containsEntry("candidates", 4)
        .containsEntry("checked", 2)
        .containsEntry("notReached", 2)
        .containsEntry("objects", 120);
  }

  @Test
  void syncByPathWorksForTheTenantsOwnToken() {
    Response r = api.call("/api/v1/tenants/acme/services:sync", ACME).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(requestedBy(0)).isEqualTo("acme-team");
  }

  @Test
  void aTokenForAnotherTenantIsForbiddenAndNothingRuns() {
    Response r = api.call("/api/v1/tenants/globex/services:sync", ACME).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(403);
    assertThat(error(r)).containsEntry("code", "FORBIDDEN");
    Response listener = api.call("/api/v1/tenants/acme/services:sync", ACME_LISTENER).post(EMPTY);
    assertThat(listener.getStatus()).isEqualTo(403);
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void missingOrUnknownTokensAreUnauthorized() {
    Response none = api.call("/api/v1/tenants/acme/services", null).get();
    assertThat(none.getStatus()).isEqualTo(401);
    assertThat(error(none)).containsEntry("code", "UNAUTHORIZED");
    assertThat(none.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
    Response wrong = api.call("/api/v1/tenants/acme/services", "not-a-real-token-at-all").get();
    assertThat(wrong.getStatus()).isEqualTo(401);
  }

  @Test
  void anUnknownTenantIsNotFoundForAdmins() {
    Response r = api.call("/api/v1/tenants/nobody/services", ADMIN).get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(error(r)).containsEntry("code", "UNKNOWN_TENANT");
    Response header = api.call("/service-details", ADMIN).header("X-Tenant-Name", "nobody").get();
    assertThat(header.getStatus()).isEqualTo(404);
  }

  @Test
  void aMissingTenantHeaderIsABadRequest() {
    Response r = api.call("/component/sync?componentType=application", ADMIN).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(error(r)).containsEntry("code", "INVALID_REQUEST");
    assertThat((String) error(r).get("message")).contains("X-Tenant-Name");
  }

  @Test
  void componentTypeIsRequiredAndMustBeApplication() {
    Response missing =
        api.call("/api/v1/component/sync", ADMIN).header("X-Tenant-Name", "acme").post(EMPTY);
    assertThat(missing.getStatus()).isEqualTo(400);
    assertThat((String) error(missing).get("message")).contains("componentType is required");
    Response wrong =
        api.call("/api/v1/component/sync?componentType=spark", ADMIN)
            .header("X-Tenant-Name", "acme")
            .post(EMPTY);
    assertThat(wrong.getStatus()).isEqualTo(400);
    assertThat((String) error(wrong).get("message")).contains("'spark'");
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void aTooLongReasonIsRejected() {
    Response r =
        api.call("/api/v1/tenants/acme/services:sync?reason=" + "x".repeat(201), ADMIN).post(EMPTY);
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void theReasonMayComeAsAJsonBody() {
    Response r =
        api.call("/api/v1/tenants/acme/services:sync", ADMIN)
            .post(Entity.json("{\"reason\":\"deploy\"}"));
    assertThat(r.getStatus()).isEqualTo(200);
    Response noBody = api.call("/api/v1/tenants/acme/services:sync", ADMIN).post(null);
    assertThat(noBody.getStatus()).isEqualTo(200);
    assertThat(workflows.callsOf("syncServices")).hasSize(2);
  }

  @Test
  void malformedOrInvalidBodiesAreBadRequestsAndNothingRuns() {
    Response garbage =
        api.call("/api/v1/tenants/acme/services:sync", ADMIN).post(Entity.json("{not json"));
    assertThat(garbage.getStatus()).isEqualTo(400);
    assertThat(error(garbage)).containsEntry("code", "MALFORMED_JSON");
    Response tooLong =
        api.call("/api/v1/tenants/acme/services:sync", ADMIN)
            .post(Entity.json("{\"reason\":\"" + "x".repeat(201) + "\"}"));
    assertThat(tooLong.getStatus()).isEqualTo(400);
    assertThat(error(tooLong)).containsEntry("code", "INVALID_REQUEST");
    assertThat((String) error(tooLong).get("message")).contains("reason");
    Response wrongType =
        api.call("/api/v1/tenants/acme/services:sync", ADMIN).post(Entity.text("reason=deploy"));
    assertThat(wrongType.getStatus()).isEqualTo(415);
    assertThat(error(wrongType)).containsEntry("code", "UNSUPPORTED_MEDIA_TYPE");
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void listsTheCatalogOnBothPaths() {
    Map<String, Object> byPath = body(api.call("/api/v1/tenants/acme/services", ACME).get());
    Map<String, Object> byHeader =
        body(api.call("/service-details", ACME).header("X-Tenant-Name", "acme").get());
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
    org.mockito.Mockito.when(api.services.setRetention("acme", "orders", "", 14)).thenReturn(1);
    Response ok =
        api.call("/api/v1/tenants/acme/services/orders/retention", ACME)
            .put(Entity.json("{\"days\":14}"));
    assertThat(ok.getStatus()).isEqualTo(200);
    assertThat(body(ok))
        .containsEntry("retentionDays", 14)
        .containsEntry("retentionSource", "override");

    Response unknown =
        api.call("/api/v1/tenants/acme/services/nope/retention", ACME)
            .put(Entity.json("{\"days\":14}"));
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(error(unknown)).containsEntry("code", "UNKNOWN_SERVICE");
    for (String bad : List.of("{\"days\":0}", "{\"days\":3651}", "{}")) {
      Response r =
          api.call("/api/v1/tenants/acme/services/orders/retention", ACME).put(Entity.json(bad));
      assertThat(r.getStatus()).as(bad).isEqualTo(400);
      assertThat((String) error(r).get("message")).contains("days");
    }
    org.mockito.Mockito.verify(api.services, org.mockito.Mockito.never())
        .setRetention("acme", "orders", "", 0);
  }

  /**
   * Issue 27: {@code PUT …/services/pay%20/retention} answered 200 for {@code "pay "} and changed
   * {@code pay}'s override (the catalog's collation ignores the trailing space).
   */
  @Test
  void aNameTheCatalogCannotTellApartIsABadRequestAndNothingChanges() {
    Response r =
        api.call("/api/v1/tenants/acme/services/pay%20/retention", ACME)
            .put(Entity.json(Map.of("days", 9)));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(body(r).toString()).contains("service name ends with whitespace");
    Response byBody =
        api.call("/api/v1/tenants/acme/retention", ACME)
            .put(Entity.json(Map.of("service", "pay", "env", "prod ", "days", 9)));
    assertThat(byBody.getStatus()).isEqualTo(400);
    org.mockito.Mockito.verify(api.services, org.mockito.Mockito.never())
        .setRetention(
            org.mockito.ArgumentMatchers.anyString(),
            org.mockito.ArgumentMatchers.anyString(),
            org.mockito.ArgumentMatchers.anyString(),
            org.mockito.ArgumentMatchers.anyInt());
  }

  @Test
  void syncDelayAndThePlanComeFromTheWorkflow() {
    Response delay = api.call("/metric/sync-delay", ADMIN).header("X-Tenant-Name", "acme").get();
    assertThat(delay.getStatus()).isEqualTo(200);
    assertThat(body(delay)).containsEntry("tenant", "acme").containsEntry("appLogsDelayMinutes", 4);
    Response plan = api.call("/api/v1/tenants/acme/retention/plan", ADMIN).get();
    assertThat(plan.getStatus()).isEqualTo(200);
    assertThat((Map<String, Object>) body(plan).get("lifecycle"))
        .containsEntry("dryRun", true)
        .containsEntry("written", false);
    assertThat(api.call("/api/v1/tenants/globex/retention/plan", ACME).get().getStatus())
        .isEqualTo(403);
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePlanSaysForEveryServiceHowItsRetentionIsEnforced() {
    org.mockito.Mockito.when(api.services.listByTenant("acme")).thenReturn(CATALOG.get("acme"));
    // 999 foreign rules leave Logwise one: the backstop of services without an env
    workflows.plan = new LifecycleResult(1, 999, 0, 0, 0, false, true, List.of(), null);

    Map<String, Object> plan = body(api.call("/api/v1/tenants/acme/retention/plan", ACME).get());

    assertThat(plan).containsEntry("services", 2).containsEntry("swept", 1);
    List<Map<String, Object>> enforcement = (List<Map<String, Object>>) plan.get("enforcement");
    assertThat(enforcement)
        .extracting(e -> e.get("serviceName"), e -> e.get("enforcedBy"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders", "backstop"),
            org.assertj.core.groups.Tuple.tuple("cart", "sweep"));
    assertThat((String) enforcement.get(0).get("ruleId")).startsWith("logwise:");
    assertThat(enforcement.get(1).get("ruleId")).isNull();
  }

  @Test
  void theSweepPlanComesFromTheWorkflow() {
    workflows.sweepPlan =
        new io.logwise.workflows.retention.RetentionActivities.SweepResult(
            1,
            1,
            0,
            1,
            3,
            true,
            List.of("logs/service_name=orders/year=2026/month=11/day=01/ (3 objects)"),
            0,
            List.of());
    Response r = api.call("/api/v1/tenants/acme/retention/sweep-plan", ACME).get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(body(r)).containsEntry("dryRun", true).containsEntry("objects", 3);
    assertThat(workflows.callsOf("planSweep")).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void freshnessIsReadFromTheLatestMeasurementsWithoutListingAnything() {
    org.mockito.Mockito.when(api.services.listFreshness("acme"))
        .thenReturn(
            List.of(
                new io.logwise.store.FreshnessRow("silent", "", 180, null, 2_000_000),
                new io.logwise.store.FreshnessRow(
                    "cart", "prod", 4, "2026-11-21T10:11", 1_000_000)));

    Map<String, Object> r = body(api.call("/api/v1/tenants/acme/freshness", ACME).get());

    assertThat(r).containsEntry("oldestMeasurementAt", "1970-01-01T00:16:40Z");
    List<Map<String, Object>> services = (List<Map<String, Object>>) r.get("services");
    assertThat(services)
        .extracting(m -> m.get("service"), m -> m.get("environment"), m -> m.get("delayMinutes"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("silent", null, 180),
            org.assertj.core.groups.Tuple.tuple("cart", "prod", 4));
    assertThat(workflows.calls).as("no workflow call, no S3 listing").isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void oneServiceIsMeasuredOnDemandAndAnUnknownOneIs404() {
    org.mockito.Mockito.when(api.services.listByTenant("acme")).thenReturn(CATALOG.get("acme"));
    workflows.freshness =
        new FreshnessResult(
            "acme", 5_000, List.of(new ServiceFreshness("cart", 2, "2026-11-21T10:13", "prod")));

    Response now = api.call("/api/v1/tenants/acme/freshness?service=cart&env=prod", ACME).get();
    assertThat(now.getStatus()).isEqualTo(200);
    assertThat((List<Map<String, Object>>) body(now).get("services"))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .containsEntry("delayMinutes", 2)
                    .containsEntry("environment", "prod"));
    var asked =
        (io.logwise.workflows.retention.RetentionActivities.FreshnessRequest)
            workflows.callsOf("freshness").get(0).argument();
    assertThat(asked.services()).containsExactly("cart");
    assertThat(asked.environment()).isEqualTo("prod");

    Response unknown = api.call("/api/v1/tenants/acme/freshness?service=cart", ACME).get();
    assertThat(unknown.getStatus()).as("cart has no env-less twin").isEqualTo(404);
    assertThat(error(unknown)).containsEntry("code", "UNKNOWN_SERVICE");
    assertThat(workflows.callsOf("freshness")).hasSize(1);
  }

  @Test
  void aServiceWhoseNameAPathCannotCarryIsAddressedByTheBody() {
    org.mockito.Mockito.when(api.services.setRetention("acme", "a%2Fb", "", 5)).thenReturn(1);
    Response ok =
        api.call("/api/v1/tenants/acme/retention", ACME)
            .put(Entity.json("{\"service\":\"a%2Fb\",\"days\":5}"));
    assertThat(ok.getStatus()).isEqualTo(200);
    assertThat(body(ok)).containsEntry("serviceName", "a%2Fb").containsEntry("retentionDays", 5);
    Response missing =
        api.call("/api/v1/tenants/acme/retention", ACME).put(Entity.json("{\"days\":5}"));
    assertThat(missing.getStatus()).isEqualTo(400);
    assertThat((String) error(missing).get("message")).contains("service");
  }

  @Test
  void pipelineHealthIs200WhenUsableAnd503WhenDown() {
    workflows.health = new PipelineHealth("acme", "WARNING", "Kafka slow", 1, List.of());
    Response warn = api.call("/pipeline/health", ADMIN).header("X-Tenant-Name", "acme").get();
    assertThat(warn.getStatus()).isEqualTo(200);
    assertThat(body(warn)).containsEntry("status", "WARNING").containsEntry("tenant", "acme");
    workflows.health = new PipelineHealth("acme", "DOWN", "S3 is down", 1, List.of());
    Response down = api.call("/api/v1/tenants/acme/health", ACME).get();
    assertThat(down.getStatus()).isEqualTo(503);
    assertThat(body(down)).containsEntry("status", "DOWN");
  }

  @Test
  void healthAndSyncDelayAreReadsThatWriteNoWorkflowHistory() {
    PipelineHealth ticked = new PipelineHealth("acme", "UP", "all good", 5_000, List.of());
    workflows.retentionState =
        new io.logwise.workflows.retention.RetentionSyncState(
            "acme", 1, 0, null, null, 0, 0, 0, ticked, false);
    org.mockito.Mockito.when(api.services.findFreshness("acme", "healthcheck-dummy", ""))
        .thenReturn(
            java.util.Optional.of(
                new io.logwise.store.FreshnessRow("healthcheck-dummy", "", 6, null, 1)));

    Response health = api.call("/api/v1/tenants/acme/health", ACME).get();
    assertThat(body(health))
        .containsEntry("message", "all good")
        .containsEntry("checkedAtMillis", 5000);
    Response delay = api.call("/metric/sync-delay", ACME).header("X-Tenant-Name", "acme").get();
    assertThat(body(delay)).containsEntry("appLogsDelayMinutes", 6);
    assertThat(workflows.callsOf("health")).isEmpty();
    assertThat(workflows.callsOf("freshness")).isEmpty();

    workflows.health = new PipelineHealth("acme", "DOWN", "S3 is down", 9_000, List.of());
    Response refreshed = api.call("/api/v1/tenants/acme/health?refresh=true", ACME).get();
    assertThat(refreshed.getStatus()).isEqualTo(503);
    assertThat(workflows.callsOf("health")).as("an explicit refresh is an update").hasSize(1);
  }

  @Test
  void unknownPathsAnswerWithJsonErrors() {
    Response r = api.call("/api/v1/nothing-here", ADMIN).get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(error(r)).containsEntry("code", "NOT_FOUND");
    Response method = api.call("/api/v1/tenants/acme/services", ADMIN).delete();
    assertThat(method.getStatus()).isEqualTo(405);
    assertThat(error(method)).containsEntry("code", "METHOD_NOT_ALLOWED");
  }
}
