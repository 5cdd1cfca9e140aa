package io.logwise.api.resources;

import static io.logwise.api.resources.TestApi.ACME;
import static io.logwise.api.resources.TestApi.ACME_LISTENER;
import static io.logwise.api.resources.TestApi.ADMIN;
import static io.logwise.api.resources.TestApi.body;
import static io.logwise.api.resources.TestApi.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.errors.ApiException;
import io.logwise.workflows.spark.CheckAction;
import io.logwise.workflows.spark.CheckRequest;
import io.logwise.workflows.spark.CheckResult;
import io.logwise.workflows.spark.ControlRequest;
import io.logwise.workflows.spark.DriverStatus;
import io.logwise.workflows.spark.ReplayRequest;
import io.logwise.workflows.spark.ReplayStarted;
import io.logwise.workflows.spark.SupervisorState;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SparkResourceTest {

  private final TestApi api = new TestApi();
  final ResourceExtension extension = api.extension;
  private final FakeWorkflowCommands workflows = api.workflows;

  @BeforeEach
  void answers() throws Exception {
    workflows.check =
        new CheckResult(DriverStatus.SUBMITTED, CheckAction.SUBMITTED, "driver-2", "no driver");
    workflows.sparkState =
        new ObjectMapper()
            .readValue(
                "{\"tenant\":\"acme\",\"mode\":\"NORMAL\",\"submissionId\":\"driver-2\","
                    + "\"driverState\":\"RUNNING\",\"subscribeMode\":\"pattern\"}",
                SupervisorState.class);
    workflows.replayStarted = new ReplayStarted("r-1", "driver-3", 1000L);
  }

  @Test
  void theReferenceRouteChecksTheTenantInTheHeader() {
    Response r =
        api.call("/monitor-spark-job", ADMIN).header("X-Tenant-Name", "acme").post(Entity.json(""));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(body(r))
        .containsEntry("tenant", "acme")
        .containsEntry("driver", "SUBMITTED")
        .containsEntry("action", "submitted")
        .containsEntry("submissionId", "driver-2");
    assertThat(workflows.callsOf("checkSpark"))
        .singleElement()
        .satisfies(c -> assertThat(c.tenant()).isEqualTo("acme"));
  }

  @Test
  void aCheckCarriesTheDriverSizeAndTheCaller() {
    Response r =
        api.call("/api/v1/tenants/acme/spark:check", ACME)
            .post(Entity.json("{\"driverCores\":2,\"driverMemoryInGb\":3}"));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(workflows.callsOf("checkSpark").get(0).argument())
        .isEqualTo(new CheckRequest("acme-team", 2, 3));
  }

  @Test
  void badCheckBodiesAreRejectedAndNothingRuns() {
    Response r =
        api.call("/api/v1/tenants/acme/spark:check", ADMIN)
            .post(Entity.json("{\"driverCores\":0}"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) error(r).get("message")).contains("driverCores");
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void stateIsTheSupervisorsOwn() {
    Response r = api.call("/api/v1/tenants/acme/spark", ACME).get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(body(r))
        .containsEntry("tenant", "acme")
        .containsEntry("mode", "NORMAL")
        .containsEntry("subscribeMode", "pattern")
        .containsEntry("driverState", "RUNNING");
  }

  @Test
  void replayTimesAreParsedAsMillisOrIsoAndTheWorkflowJudgesThem() {
    Response iso =
        api.call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(
                Entity.json(
                    "{\"fromTimestamp\":\"2026-11-21T10:00:00Z\",\"resumeAt\":\"1800000000000\","
                        + "\"reason\":\"parser fix\"}"));
    assertThat(iso.getStatus()).isEqualTo(200);
    assertThat(body(iso)).containsEntry("submissionId", "driver-3");
    assertThat(workflows.callsOf("replay").get(0).argument())
        .isEqualTo(
            new ReplayRequest(
                java.time.Instant.parse("2026-11-21T10:00:00Z").toEpochMilli(),
                1_800_000_000_000L,
                "parser fix",
                "ops"));

    workflows.failure =
        ApiException.badRequest("fromTimestamp 2030-01-01T00:00:00Z is in the future");
    Response refused =
        api.call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(Entity.json("{\"fromTimestamp\":1893456000000,\"reason\":\"x\"}"));
    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat((String) error(refused).get("message")).contains("in the future");
  }

  @Test
  void replayTimesThatAreNotTimesAre400sAndNothingRuns() {
    for (String bad :
        new String[] {"yesterday", "+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z"}) {
      Response r =
          api.call("/api/v1/tenants/acme/spark:replay", ADMIN)
              .post(Entity.json("{\"fromTimestamp\":\"" + bad + "\",\"reason\":\"x\"}"));
      assertThat(r.getStatus()).as(bad).isEqualTo(400);
      assertThat((String) error(r).get("message")).as(bad).contains("ISO-8601");
    }
    Response resumeAt =
        api.call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(
                Entity.json(
                    "{\"fromTimestamp\":1,\"resumeAt\":\"+1000000000-01-01T00:00:00Z\",\"reason\":\"x\"}"));
    assertThat(resumeAt.getStatus()).isEqualTo(400);
    Response noReason =
        api.call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(Entity.json("{\"fromTimestamp\":1000}"));
    assertThat(noReason.getStatus()).isEqualTo(400);
    assertThat((String) error(noReason).get("message")).contains("reason");
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void controlsGoToTheirOwnUpdates() {
    for (String op : new String[] {"pause", "resume", "endReplay"}) {
      Response r =
          api.call("/api/v1/tenants/acme/spark:" + op, ADMIN)
              .post(Entity.json("{\"reason\":\"ops work\"}"));
      assertThat(r.getStatus()).as(op).isEqualTo(200);
    }
    assertThat(workflows.calls)
        .extracting(FakeWorkflowCommands.Call::method)
        .containsExactly("controlSpark:PAUSE", "controlSpark:RESUME", "controlSpark:END_REPLAY");
    assertThat(workflows.calls.get(0).argument()).isEqualTo(new ControlRequest("ops", "ops work"));

    workflows.check =
        new CheckResult(DriverStatus.SUBMITTED, CheckAction.RESTARTED, "driver-9", "restart");
    Response restart = api.call("/api/v1/tenants/acme/spark:restart", ADMIN).post(Entity.json(""));
    assertThat(body(restart)).containsEntry("action", "restarted");
  }

  @Test
  void theTenantIsAuthorisedBeforeTheBodyIsRead() {
    // a bad body for a tenant the token may not touch: 403, and nothing about the body
    Response forbidden =
        api.call("/api/v1/tenants/globex/spark:check", ACME)
            .post(Entity.json("{\"driverCores\":0}"));
    assertThat(forbidden.getStatus()).isEqualTo(403);
    assertThat((String) error(forbidden).get("message")).doesNotContain("driverCores");
    Response listener = api.call("/api/v1/tenants/acme/spark", ACME_LISTENER).get();
    assertThat(listener.getStatus()).isEqualTo(403);
    Response unknown = api.call("/api/v1/tenants/nobody/spark:check", ADMIN).post(Entity.json(""));
    assertThat(unknown.getStatus()).isEqualTo(404);
    Response noHeader = api.call("/monitor-spark-job", ADMIN).post(Entity.json(""));
    assertThat(noHeader.getStatus()).isEqualTo(400);
    assertThat((String) error(noHeader).get("message")).contains("X-Tenant-Name");
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void aWorkflowThatDoesNotAnswerIsA503NotASuccess() {
    workflows.failure =
        ApiException.unavailable("WORKFLOW_NOT_RUNNING", "spark-supervisor/globex is not running");
    Response r = api.call("/api/v1/tenants/globex/spark", ADMIN).get();
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(error(r)).containsEntry("code", "WORKFLOW_NOT_RUNNING");
  }

  @Test
  void aTenantWithoutSparkSupervisionSaysSoInsteadOfBlamingTheWorker() {
    for (String route : new String[] {"spark", "spark:check", "spark:pause"}) {
      Response r =
          route.equals("spark")
              ? api.call("/api/v1/tenants/initech/spark", ADMIN).get()
              : api.call("/api/v1/tenants/initech/" + route, ADMIN).post(Entity.json(""));
      assertThat(r.getStatus()).as(route).isEqualTo(409);
      assertThat(error(r)).containsEntry("code", "SPARK_DISABLED");
      assertThat((String) error(r).get("message")).contains("spark.enabled: false");
    }
    assertThat(workflows.calls).isEmpty();
  }
}
