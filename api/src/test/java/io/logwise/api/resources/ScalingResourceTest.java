package io.logwise.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.auth.TenantAccess;
import io.logwise.api.temporal.WorkflowGateway;
import io.logwise.config.AuthSettings.ApiToken;
import io.logwise.config.TenantConfig;
import io.logwise.store.KafkaDao;
import io.logwise.store.ScalingDao;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batch ingest when Temporal is unreachable, and its validation. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ScalingResourceTest {

  private static final String LISTENER = "listener-token-0123456789";
  private static final ScalingDao dao = mock(ScalingDao.class);
  private static final KafkaDao kafka = mock(KafkaDao.class);
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

  final ResourceExtension api =
      TestApi.with(List.of(new ApiToken("spark", LISTENER, List.of("listener:acme"))))
          .addResource(
              new ScalingResource(
                  new TenantAccess(List.of(new TenantConfig().setName("acme"))),
                  new WorkflowGateway(
                      unreachable,
                      Duration.ofSeconds(3),
                      Executors.newCachedThreadPool(),
                      "logwise"),
                  dao,
                  kafka))
          .build();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(Response r) {
    return (Map<String, Object>) ((Map<String, Object>) r.readEntity(Map.class)).get("error");
  }

  private Response post(String path, String json) {
    return api.target(path)
        .request()
        .header("Authorization", "Bearer " + LISTENER)
        .header("X-Tenant-Name", "acme")
        .post(Entity.json(json));
  }

  @Test
  void aBatchThatCannotBeDeliveredIsA503NeverASilentAccept() {
    when(dao.insertBatch(any())).thenReturn(1);
    Response r =
        post(
            "/api/v1/tenants/acme/batches",
            "{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"}");
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(error(r).get("code")).isIn("TEMPORAL_UNAVAILABLE", "NOT_DELIVERED");
  }

  @Test
  void theReferenceBodyIsValidatedFieldByField() {
    Response missing = post("/scale-spark-cluster", "{\"enableUpScale\":true}");
    assertThat(missing.getStatus()).isEqualTo(400);
    assertThat((String) error(missing).get("message")).contains("sparkStageHistory");

    Response negative =
        post(
            "/scale-spark-cluster",
            "{\"sparkStageHistory\":{\"inputRecords\":-1,\"outputBytes\":0,\"submissionTime\":1,\"completionTime\":2,\"status\":\"succeeded\"}}");
    assertThat(negative.getStatus()).isEqualTo(400);
    assertThat((String) error(negative).get("message")).contains("inputRecords");

    Response backwards =
        post(
            "/scale-spark-cluster",
            "{\"sparkStageHistory\":{\"inputRecords\":1,\"outputBytes\":0,\"submissionTime\":5,\"completionTime\":2,\"status\":\"succeeded\"}}");
    assertThat(backwards.getStatus()).isEqualTo(400);
    assertThat((String) error(backwards).get("message")).contains("before submissionTime");

    Response badId =
        post(
            "/api/v1/tenants/acme/batches",
            "{\"batchId\":\"a b\",\"inputRecords\":1,\"outputBytes\":0,\"submissionTime\":1,\"completionTime\":2,\"status\":\"x\"}");
    assertThat(badId.getStatus()).isEqualTo(400);
  }

  @Test
  void reportedOffsetsAreValidatedBeforeAnythingIsStored() {
    Response badTopic =
        post(
            "/api/v1/tenants/acme/batches",
            "{\"inputRecords\":1,\"outputBytes\":0,\"submissionTime\":1,\"completionTime\":2,\"status\":\"x\","
                + "\"endOffsets\":{\"logs a\":{\"0\":5}}}");
    assertThat(badTopic.getStatus()).isEqualTo(400);
    assertThat((String) error(badTopic).get("message")).contains("endOffsets");

    Response negative =
        post(
            "/api/v1/tenants/acme/batches",
            "{\"inputRecords\":1,\"outputBytes\":0,\"submissionTime\":1,\"completionTime\":2,\"status\":\"x\","
                + "\"endOffsets\":{\"logs.a\":{\"0\":-5}}}");
    assertThat(negative.getStatus()).isEqualTo(400);

    Response badPartition =
        post(
            "/api/v1/tenants/acme/batches",
            "{\"inputRecords\":1,\"outputBytes\":0,\"submissionTime\":1,\"completionTime\":2,\"status\":\"x\","
                + "\"topicLag\":{\"logs.a\":-1}}");
    assertThat(badPartition.getStatus()).isEqualTo(400);
    org.mockito.Mockito.verify(kafka, org.mockito.Mockito.never()).recordConsumed(any());
  }
}
