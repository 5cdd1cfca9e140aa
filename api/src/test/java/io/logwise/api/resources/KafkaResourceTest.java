package io.logwise.api.resources;

import static io.logwise.api.resources.TestApi.ACME;
import static io.logwise.api.resources.TestApi.body;
import static io.logwise.api.resources.TestApi.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.errors.ApiException;
import io.logwise.store.KafkaDao;
import io.logwise.store.MigrationRow;
import io.logwise.workflows.kafka.MigrationInput;
import io.logwise.workflows.kafka.MigrationProgress;
import io.logwise.workflows.kafka.MigrationStart;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

/** Migrations and partition growth over in-memory HTTP, the workflows a fake. */
@ExtendWith(DropwizardExtensionsSupport.class)
class KafkaResourceTest {

  private final TestApi api =
      new TestApi(
          Map.of(),
          Clock.systemUTC(),
          TestApi.tenant(
              "name: acme\nkafka: {bootstrapServers: 'old-1:9092', enablePartitionScaling: false}\n"));
  final ResourceExtension extension = api.extension;
  private final KafkaDao dao = api.kafkaDao;
  private final FakeWorkflowCommands workflows = api.workflows;

  @BeforeEach
  void reset() {
    when(dao.findCluster("acme")).thenReturn(Optional.empty());
    when(dao.activeMigration("acme")).thenReturn(Optional.empty());
    when(dao.claimMigration(any())).thenReturn(1);
  }

  private Response post(String path, String json) {
    return api.call(path, ACME).post(Entity.json(json));
  }

  /** Migration m1, waiting in its drain step. */
  private static final MigrationRow WAITING_M1 =
      new MigrationRow(
          "acme",
          "m1",
          true,
          "WAITING",
          "DRAIN",
          "old-1:9092",
          "new-1:9092",
          "ops",
          false,
          null,
          1,
          2);

  private static final String VECTOR =
      "\"vector\":{\"kubernetes\":{\"namespace\":\"logwise\",\"configMap\":\"vector-kafka\","
          + "\"key\":\"KAFKA_BROKERS\",\"deployment\":\"vector\"}}";

  @Test
  void aBadMigrationIsA400ListingEveryProblem() {
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"migrationId\":\"bad id\",\"newBootstrapServers\":\"nohost\",\"vector\":{},\"drainTimeoutSeconds\":1}");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) error(r).get("message"))
        .contains("4 problem(s)")
        .contains("migrationId")
        .contains("'nohost' is not host:port")
        .contains("exactly one of kubernetes or asg")
        .contains("drainTimeoutSeconds");
  }

  @Test
  void migratingToTheClusterInUseIsA400() {
    // the claim (MigrationActivitiesImplIT on MariaDB) finds it; the API says it as a 400
    workflows.claim =
        MigrationStart.refused(
            MigrationStart.Outcome.SAME_CLUSTER, null, "tenant acme already uses new-1:9092");
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"newBootstrapServers\":\"NEW-1:9092\"," + VECTOR + "}");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) error(r).get("message")).contains("already uses new-1:9092");
  }

  @Test
  void aSecondMigrationIsA409NamingTheRunningOne() {
    workflows.claim =
        MigrationStart.refused(
            MigrationStart.Outcome.RUNNING,
            "m1",
            "migration m1 is running for tenant acme (WAITING at DRAIN)");
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"newBootstrapServers\":\"new-1:9092\"," + VECTOR + "}");
    assertThat(r.getStatus()).isEqualTo(409);
    Map<String, Object> e = error(r);
    assertThat(e).containsEntry("code", "MIGRATION_RUNNING");
    assertThat((String) e.get("message")).contains("m1").contains("WAITING");
  }

  @Test
  void aReusedMigrationIdIsA409() {
    workflows.claim =
        MigrationStart.refused(
            MigrationStart.Outcome.ID_USED, null, "migration id m1 was used before (COMPLETED)");
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"migrationId\":\"m1\",\"newBootstrapServers\":\"new-1:9092\"," + VECTOR + "}");
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(error(r)).containsEntry("code", "MIGRATION_ID_USED");
  }

  @Test
  void aValidMigrationStartsWithTheCallerAndTheConfiguredVector() {
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"migrationId\":\"m7\",\"newBootstrapServers\":\"new-1:9092\"," + VECTOR + "}");
    assertThat(r.getStatus()).isEqualTo(202);
    assertThat(body(r))
        .containsEntry("migrationId", "m7")
        .containsEntry("workflowId", "kafka-migration/acme/m7")
        .containsEntry("runId", "run-1")
        .containsEntry("oldBootstrapServers", "old-1:9092");
    MigrationInput started = (MigrationInput) workflows.callsOf("startMigration").get(0).argument();
    assertThat(started.requestedBy()).isEqualTo("acme-team");
    assertThat(started.vector().kubernetes().configMap()).isEqualTo("vector-kafka");
  }

  @Test
  void aValidMigrationThatCannotStartIsA503NeverAnAccept() {
    workflows.failure = ApiException.unavailable("TEMPORAL_UNAVAILABLE", "Temporal is down");
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"newBootstrapServers\":\"new-1:9092\"," + VECTOR + "}");
    assertThat(r.getStatus()).isEqualTo(503);
    // the API claims nothing itself: the workflow's first step does
    Mockito.verify(dao, Mockito.never()).claimMigration(any());
    Mockito.verify(dao, Mockito.never())
        .updateMigration(
            anyString(),
            anyString(),
            anyString(),
            anyString(),
            any(),
            org.mockito.ArgumentMatchers.anyLong(),
            org.mockito.ArgumentMatchers.anyBoolean());
  }

  @Test
  void anUnknownMigrationIsA404AndDisabledGrowthA409() {
    when(dao.findMigration(eq("acme"), anyString())).thenReturn(Optional.empty());
    Response unknown = post("/api/v1/tenants/acme/kafka/migrations/nope:approve", "{}");
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(error(unknown)).containsEntry("code", "UNKNOWN_MIGRATION");

    Response disabled = post("/api/v1/tenants/acme/kafka/partitions:evaluate", "{}");
    assertThat(disabled.getStatus()).isEqualTo(409);
    assertThat(error(disabled)).containsEntry("code", "PARTITION_SCALING_DISABLED");
  }

  @Test
  void operatorDecisionsGoToTheNamedMigration() throws Exception {
    workflows.progress =
        new ObjectMapper().readValue("{\"migrationId\":\"m1\"}", MigrationProgress.class);
    when(dao.findMigration("acme", "m1")).thenReturn(Optional.of(WAITING_M1));
    for (String op : new String[] {"approve", "proceed", "rollback"}) {
      Response r = post("/api/v1/tenants/acme/kafka/migrations/m1:" + op, "{\"reason\":\"ok\"}");
      assertThat(r.getStatus()).as(op).isEqualTo(200);
    }
    assertThat(workflows.calls)
        .extracting(FakeWorkflowCommands.Call::method)
        .containsExactly(
            "decideMigration:APPROVE", "decideMigration:PROCEED", "decideMigration:ROLLBACK");
    Response cancel = post("/api/v1/tenants/acme/kafka/migrations/m1:cancel", "{}");
    assertThat(cancel.getStatus()).isEqualTo(202);
    assertThat(workflows.callsOf("cancelMigration")).hasSize(1);
  }

  @Test
  void anotherTenantIsForbidden() {
    Response r =
        post("/api/v1/tenants/globex/kafka/migrations", "{\"newBootstrapServers\":\"x:1\"}");
    assertThat(r.getStatus()).isEqualTo(403);
    Mockito.verify(dao, Mockito.never()).claimMigration(any());
    assertThat(workflows.calls).isEmpty();
  }
}
