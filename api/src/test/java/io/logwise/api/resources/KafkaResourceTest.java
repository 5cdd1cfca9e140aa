package io.logwise.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.auth.TenantAccess;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.config.AuthSettings.ApiToken;
import io.logwise.config.TenantConfig;
import io.logwise.store.ClusterOverrideRow;
import io.logwise.store.KafkaDao;
import io.logwise.store.MigrationRow;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

/** Migrations and partition growth over in-memory HTTP; Temporal is unreachable. */
@ExtendWith(DropwizardExtensionsSupport.class)
class KafkaResourceTest {

  private static final String OPS = "ops-token-0123456789";
  private static final KafkaDao dao = mock(KafkaDao.class);
  private static final WorkflowClient unreachable =
      WorkflowClient.newInstance(
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:1")
                  .setRpcRetryOptions(
                      RpcRetryOptions.newBuilder()
                          .setExpiration(Duration.ofSeconds(2))
                          .validateBuildWithDefaults())
                  .build()));

  static TenantConfig tenant(String yaml) {
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(yaml, TenantConfig.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  final ResourceExtension api =
      TestApi.with(List.of(new ApiToken("ops", OPS, List.of("tenant:acme"))))
          .addResource(
              new KafkaResource(
                  new TenantAccess(
                      List.of(
                          tenant(
                              "name: acme\nkafka: {bootstrapServers: 'old-1:9092',"
                                  + " enablePartitionScaling: false}\n"))),
                  new WorkflowGateway(
                      unreachable,
                      Duration.ofSeconds(3),
                      Executors.newCachedThreadPool(),
                      "logwise"),
                  dao,
                  Clock.systemUTC()))
          .build();

  @BeforeEach
  void reset() {
    Mockito.reset(dao);
    when(dao.findCluster("acme")).thenReturn(Optional.empty());
    when(dao.activeMigration("acme")).thenReturn(Optional.empty());
    when(dao.claimMigration(any())).thenReturn(1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(Response r) {
    return (Map<String, Object>) ((Map<String, Object>) r.readEntity(Map.class)).get("error");
  }

  private Response post(String path, String json) {
    return api.target(path)
        .request()
        .header("Authorization", "Bearer " + OPS)
        .post(Entity.json(json));
  }

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
    when(dao.findCluster("acme"))
        .thenReturn(Optional.of(new ClusterOverrideRow("acme", "new-1:9092", "m0", 1)));
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"newBootstrapServers\":\"NEW-1:9092\"," + VECTOR + "}");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) error(r).get("message")).contains("already uses new-1:9092");
  }

  @Test
  void aSecondMigrationIsA409NamingTheRunningOne() {
    when(dao.claimMigration(any())).thenReturn(0);
    when(dao.activeMigration("acme"))
        .thenReturn(
            Optional.of(
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
                    2)));
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
  void aValidMigrationThatCannotStartIsA503NeverAnAccept() {
    Response r =
        post(
            "/api/v1/tenants/acme/kafka/migrations",
            "{\"newBootstrapServers\":\"new-1:9092\"," + VECTOR + "}");
    assertThat(r.getStatus()).isEqualTo(503);
    // the slot it claimed is given back
    Mockito.verify(dao)
        .updateMigration(
            eq("acme"),
            anyString(),
            eq("NOT_STARTED"),
            anyString(),
            org.mockito.ArgumentMatchers.isNull(),
            org.mockito.ArgumentMatchers.anyLong(),
            eq(false));
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
  void anotherTenantIsForbidden() {
    Response r =
        post("/api/v1/tenants/globex/kafka/migrations", "{\"newBootstrapServers\":\"x:1\"}");
    assertThat(r.getStatus()).isEqualTo(403);
    Mockito.verify(dao, Mockito.never()).claimMigration(any());
  }
}
