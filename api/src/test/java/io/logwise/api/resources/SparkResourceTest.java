package io.logwise.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.auth.TenantAccess;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.config.AuthSettings.ApiToken;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.spark.FakeSparkMaster;
import io.logwise.workflows.spark.SparkSupervisorInput;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.spark.SparkSupervisorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkResourceTest {

  private static final String ADMIN = "admin-token-0123456789";
  private static final String ACME = "acme-token-0123456789";
  static final FakeSparkMaster master = new FakeSparkMaster();
  static final TestWorkflowEnvironment temporal = startTemporal();

  final ResourceExtension api =
      TestApi.with(
              List.of(
                  new ApiToken("ops", ADMIN, List.of("admin")),
                  new ApiToken("acme-team", ACME, List.of("tenant:acme"))))
          .addResource(
              new SparkResource(
                  new TenantAccess(
                      List.of(
                          new TenantConfig().setName("acme"),
                          new TenantConfig().setName("globex"))),
                  new WorkflowGateway(
                      temporal.getWorkflowClient(),
                      Duration.ofSeconds(10),
                      Executors.newCachedThreadPool(),
                      "logwise"),
                  Clock.systemUTC()))
          .build();

  private static TestWorkflowEnvironment startTemporal() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker("logwise");
    worker.registerWorkflowImplementationTypes(SparkSupervisorWorkflowImpl.class);
    worker.registerActivitiesImplementations(master);
    env.start();
    SparkSupervisorWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                SparkSupervisorWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.sparkSupervisor("acme"))
                    .setTaskQueue("logwise")
                    .build());
    WorkflowClient.start(wf::run, SparkSupervisorInput.of("acme", null));
    return env;
  }

  @AfterAll
  static void stop() {
    temporal.close();
  }

  private Invocation.Builder call(String path, String token) {
    return api.target(path).request().header("Authorization", "Bearer " + token);
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

  @Test
  @Order(1)
  void monitorSparkJobAnswersWhatItSawAndDid() {
    Response r =
        call("/monitor-spark-job", ADMIN).header("X-Tenant-Name", "acme").post(Entity.json(""));
    assertThat(r.getStatus()).isEqualTo(200);
    Map<String, Object> b = body(r);
    assertThat(b).containsEntry("tenant", "acme").containsEntry("submissionId", "driver-1");
    assertThat(b.get("action")).isIn("submitted", "none");
  }

  @Test
  @Order(2)
  void aCheckWithADriverSizeUsesItForTheSubmissionItMakes() {
    master.set("driver-1", "KILLED");
    Response r =
        call("/api/v1/tenants/acme/spark:check", ACME)
            .post(Entity.json("{\"driverCores\":2,\"driverMemoryInGb\":3}"));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(body(r))
        .containsEntry("action", "submitted")
        .containsEntry("submissionId", "driver-2");
    assertThat(master.submissions.get(master.submissions.size() - 1).driverCores()).isEqualTo(2);
  }

  @Test
  @Order(3)
  void badCheckBodiesAreRejected() {
    Response r =
        call("/api/v1/tenants/acme/spark:check", ADMIN).post(Entity.json("{\"driverCores\":0}"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) error(r).get("message")).contains("driverCores");
  }

  @Test
  @Order(4)
  void stateShowsTheSupervisor() {
    Response r = call("/api/v1/tenants/acme/spark", ACME).get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(body(r))
        .containsEntry("tenant", "acme")
        .containsEntry("mode", "NORMAL")
        .containsEntry("submissionId", "driver-2");
  }

  @Test
  @Order(5)
  void replayRequestsAreValidated() {
    long now = System.currentTimeMillis();
    Response future =
        call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(
                Entity.json(
                    "{\"fromTimestamp\":\""
                        + Instant.ofEpochMilli(now + 3_600_000)
                        + "\",\"reason\":\"x\"}"));
    assertThat(future.getStatus()).isEqualTo(400);
    assertThat((String) error(future).get("message")).contains("in the future");

    Response tooOld =
        call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(
                Entity.json(
                    "{\"fromTimestamp\":"
                        + (now - Duration.ofDays(9).toMillis())
                        + ",\"reason\":\"x\"}"));
    assertThat(tooOld.getStatus()).isEqualTo(400);
    assertThat((String) error(tooOld).get("message")).contains("before the oldest replayable time");

    Response garbage =
        call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(Entity.json("{\"fromTimestamp\":\"yesterday\",\"reason\":\"x\"}"));
    assertThat(garbage.getStatus()).isEqualTo(400);
    assertThat((String) error(garbage).get("message")).contains("ISO-8601");

    Response noReason =
        call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(Entity.json("{\"fromTimestamp\":" + (now - 1000) + "}"));
    assertThat(noReason.getStatus()).isEqualTo(400);
    assertThat((String) error(noReason).get("message")).contains("reason");

    Response noEnd = call("/api/v1/tenants/acme/spark:endReplay", ADMIN).post(Entity.json(""));
    assertThat(noEnd.getStatus()).isEqualTo(400);
    assertThat((String) error(noEnd).get("message")).contains("no replay is active");
    assertThat(master.kills).isEmpty();
  }

  @Test
  @Order(6)
  void aReplayRunsAndEnds() {
    long from = System.currentTimeMillis() - 3_600_000;
    Response r =
        call("/api/v1/tenants/acme/spark:replay", ADMIN)
            .post(Entity.json("{\"fromTimestamp\":" + from + ",\"reason\":\"parser fix\"}"));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(body(r)).containsEntry("submissionId", "driver-3");
    assertThat(master.replayRecords)
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.requestedBy()).isEqualTo("ops");
              assertThat(rec.reason()).isEqualTo("parser fix");
              assertThat(rec.fromTimestamp()).isEqualTo(from);
            });
    Response end =
        call("/api/v1/tenants/acme/spark:endReplay", ADMIN)
            .post(Entity.json("{\"reason\":\"caught up\"}"));
    assertThat(end.getStatus()).isEqualTo(200);
    assertThat(body(end)).containsEntry("mode", "NORMAL").containsEntry("submissionId", "driver-4");
  }

  @Test
  @Order(7)
  void pauseResumeAndRestart() {
    assertThat(body(call("/api/v1/tenants/acme/spark:pause", ADMIN).post(Entity.json(""))))
        .containsEntry("paused", true);
    assertThat(body(call("/api/v1/tenants/acme/spark:resume", ADMIN).post(Entity.json(""))))
        .containsEntry("paused", false);
    Response restart =
        call("/api/v1/tenants/acme/spark:restart", ADMIN)
            .post(Entity.json("{\"reason\":\"new jar\"}"));
    assertThat(restart.getStatus()).isEqualTo(200);
    assertThat(body(restart)).containsEntry("action", "restarted");
  }

  @Test
  @Order(8)
  void accessAndMissingWorkflowsAreErrors() {
    Response forbidden = call("/api/v1/tenants/globex/spark", ACME).get();
    assertThat(forbidden.getStatus()).isEqualTo(403);
    Response unknown = call("/api/v1/tenants/nobody/spark:check", ADMIN).post(Entity.json(""));
    assertThat(unknown.getStatus()).isEqualTo(404);
    Response notRunning = call("/api/v1/tenants/globex/spark", ADMIN).get();
    assertThat(notRunning.getStatus()).isEqualTo(503);
    assertThat(error(notRunning)).containsEntry("code", "WORKFLOW_NOT_RUNNING");
    Response notRunningUpdate =
        call("/api/v1/tenants/globex/spark:check", ADMIN).post(Entity.json(""));
    assertThat(notRunningUpdate.getStatus()).isEqualTo(503);
  }
}
