package io.logwise.api.resources;

import static io.logwise.api.resources.TestApi.ACME;
import static io.logwise.api.resources.TestApi.ACME_LISTENER;
import static io.logwise.api.resources.TestApi.ADMIN;
import static io.logwise.api.resources.TestApi.body;
import static io.logwise.api.resources.TestApi.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.errors.ApiException;
import io.logwise.store.ScalingDecisionRow;
import io.logwise.store.SparkBatchRow;
import io.logwise.workflows.scaling.BatchReport;
import io.logwise.workflows.scaling.OverrideRequest;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ScalingResourceTest {

  private final TestApi api = new TestApi();
  final ResourceExtension extension = api.extension;
  private final FakeWorkflowCommands workflows = api.workflows;

  private static final String BATCH =
      "{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,"
          + "\"status\":\"succeeded\"";

  private Response post(String path, String token, String json) {
    return api.call(path, token).header("X-Tenant-Name", "acme").post(Entity.json(json));
  }

  @Test
  void aBatchIsStoredOnceDeliveredAndAnswered202() {
    when(api.scalingDao.insertBatch(any())).thenReturn(1, 0);
    Response first =
        post(
            "/api/v1/tenants/acme/batches",
            ACME_LISTENER,
            BATCH + ",\"kafkaLag\":7,\"endOffsets\":{\"logs.a\":{\"0\":10,\"1\":20}}}");
    assertThat(first.getStatus()).isEqualTo(202);
    assertThat(body(first))
        .containsEntry("tenant", "acme")
        .containsEntry("batchId", "t1000-2000")
        .containsEntry("duplicate", false)
        .containsEntry("workflowId", "scaling-loop/acme");
    BatchReport sent = (BatchReport) workflows.callsOf("reportBatch").get(0).argument();
    assertThat(sent.batchId()).isEqualTo("t1000-2000");
    assertThat(sent.sample().kafkaLag()).isEqualTo(7);
    assertThat(sent.sample().endOffsetSum()).isEqualTo(30);
    assertThat(sent.sample().partitions()).isEqualTo(2);
    verify(api.scalingDao)
        .insertBatch(
            new SparkBatchRow("acme", "t1000-2000", 5, 1, 1000, 2000, null, "succeeded", 7L));

    Response again = post("/api/v1/tenants/acme/batches", ACME_LISTENER, BATCH + "}");
    assertThat(body(again)).containsEntry("duplicate", true);
  }

  @Test
  void aBatchThatCannotBeDeliveredIsA503NeverASilentAccept() {
    when(api.scalingDao.insertBatch(any())).thenReturn(1);
    workflows.failure =
        ApiException.unavailable("TEMPORAL_UNAVAILABLE", "Temporal cannot be reached");
    Response r = post("/api/v1/tenants/acme/batches", ACME_LISTENER, BATCH + "}");
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(error(r).get("code")).isEqualTo("TEMPORAL_UNAVAILABLE");
  }

  @Test
  void theReferenceBodyIsTheSameBatchAndIsValidatedFieldByField() {
    when(api.scalingDao.insertBatch(any())).thenReturn(1);
    Response ok =
        post(
            "/scale-spark-cluster",
            ACME_LISTENER,
            "{\"enableUpScale\":false,\"sparkStageHistory\":{\"inputRecords\":5,\"outputBytes\":1,"
                + "\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"}}");
    assertThat(ok.getStatus()).isEqualTo(202);
    BatchReport sent = (BatchReport) workflows.callsOf("reportBatch").get(0).argument();
    assertThat(sent.enableUpScale()).isFalse();
    assertThat(sent.batchId()).isEqualTo("t1000-2000");

    Response missing = post("/scale-spark-cluster", ACME_LISTENER, "{\"enableUpScale\":true}");
    assertThat(missing.getStatus()).isEqualTo(400);
    assertThat((String) error(missing).get("message")).contains("sparkStageHistory");
    Response negative =
        post(
            "/scale-spark-cluster",
            ACME_LISTENER,
            "{\"sparkStageHistory\":{\"inputRecords\":-1,\"outputBytes\":0,\"submissionTime\":1,"
                + "\"completionTime\":2,\"status\":\"succeeded\"}}");
    assertThat(negative.getStatus()).isEqualTo(400);
    assertThat((String) error(negative).get("message")).contains("inputRecords");
    Response backwards =
        post(
            "/scale-spark-cluster",
            ACME_LISTENER,
            "{\"sparkStageHistory\":{\"inputRecords\":1,\"outputBytes\":0,\"submissionTime\":5,"
                + "\"completionTime\":2,\"status\":\"succeeded\"}}");
    assertThat(backwards.getStatus()).isEqualTo(400);
    assertThat((String) error(backwards).get("message")).contains("before submissionTime");
    Response badId =
        post(
            "/api/v1/tenants/acme/batches",
            ACME_LISTENER,
            "{\"batchId\":\"a b\"," + BATCH.substring(1) + "}");
    assertThat(badId.getStatus()).isEqualTo(400);
    assertThat(workflows.callsOf("reportBatch")).hasSize(1);
  }

  @Test
  void reportedOffsetsAreValidatedBeforeAnythingIsStored() {
    for (String extra :
        new String[] {
          ",\"endOffsets\":{\"logs a\":{\"0\":5}}}",
          ",\"endOffsets\":{\"logs.a\":{\"0\":-5}}}",
          ",\"topicLag\":{\"logs.a\":-1}}"
        }) {
      Response r = post("/api/v1/tenants/acme/batches", ACME_LISTENER, BATCH + extra);
      assertThat(r.getStatus()).as(extra).isEqualTo(400);
    }
    verify(api.kafkaDao, never()).recordConsumed(any());
    verify(api.scalingDao, never()).insertBatch(any());
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void aListenerTokenPostsBatchesAndNothingElse() {
    Response override =
        api.call("/api/v1/tenants/acme/scaling/override", ACME_LISTENER)
            .put(Entity.json("{\"enableDownScale\":false}"));
    assertThat(override.getStatus()).isEqualTo(403);
    Response other = post("/api/v1/tenants/globex/batches", ACME_LISTENER, BATCH + "}");
    assertThat(other.getStatus()).isEqualTo(403);
    assertThat(workflows.calls).isEmpty();
  }

  @Test
  void overridesOnBothRoutesCarryTheCallerAndNullsClear() {
    Response put =
        api.call("/api/v1/tenants/acme/scaling/override", ACME)
            .put(Entity.json("{\"enableUpScale\":null,\"enableDownScale\":false}"));
    assertThat(put.getStatus()).isEqualTo(200);
    assertThat(body(put)).containsEntry("enableDownScale", false);
    Response reference =
        api.call("/update-spark-scale-override", ADMIN)
            .header("X-Tenant-Name", "acme")
            .post(Entity.json("{}"));
    assertThat(reference.getStatus()).isEqualTo(200);
    assertThat(workflows.callsOf("setOverride"))
        .extracting(FakeWorkflowCommands.Call::argument)
        .containsExactly(
            new OverrideRequest(null, false, "acme-team"), new OverrideRequest(null, null, "ops"));
  }

  @Test
  void decisionsComeFromTheDatabaseWithTheirTypedReasonAndInputs() {
    when(api.scalingDao.recentDecisions("acme", 2))
        .thenReturn(
            List.of(
                new ScalingDecisionRow(
                    "acme",
                    "acme/b2",
                    "b2",
                    "adaptive",
                    "UPSCALE",
                    2,
                    5,
                    5,
                    "SIZED",
                    "workers 2→5",
                    "{\"evidence\":{\"actualWorkers\":2},\"sizing\":{\"lag\":9}}",
                    "desired 5",
                    2000),
                new ScalingDecisionRow(
                    "acme",
                    "acme/b1",
                    "b1",
                    "classic",
                    "NONE",
                    2,
                    null,
                    2,
                    null,
                    "old",
                    "free text",
                    "no change",
                    1000)));
    Response r = api.call("/api/v1/tenants/acme/scaling/decisions?limit=2", ACME).get();
    assertThat(r.getStatus()).isEqualTo(200);
    r.bufferEntity();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = r.readEntity(List.class);
    assertThat(list.get(0)).containsEntry("why", "SIZED");
    assertThat(list.get(0).get("inputs"))
        .isEqualTo(Map.of("evidence", Map.of("actualWorkers", 2), "sizing", Map.of("lag", 9)));
    assertThat(list.get(1).get("inputs")).isEqualTo("free text");
    Response tooMany = api.call("/api/v1/tenants/acme/scaling/decisions?limit=5000", ACME).get();
    assertThat(tooMany.getStatus()).isEqualTo(400);
  }

  @Test
  void stageHistoryIsTheReferenceRouteOverStoredBatches() {
    when(api.scalingDao.recentBatches("acme", 3))
        .thenReturn(List.of(new SparkBatchRow("acme", "b1", 5, 1, 1000, 2000, 4, "ok", null)));
    Response r =
        api.call("/spark-stage-history?limit=3", ADMIN).header("X-Tenant-Name", "acme").get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.readEntity(String.class)).contains("\"batchId\":\"b1\"");
    Response noLimit =
        api.call("/spark-stage-history", ADMIN).header("X-Tenant-Name", "acme").get();
    assertThat(noLimit.getStatus()).isEqualTo(400);
  }

  @Test
  void whatIfIsForAdminAndTenantTokensNotListeners() {
    String question = "{\"history\":[],\"walFiles\":[],\"actualWorkers\":3}";
    assertThat(api.call("/api/v1/what-if", TestApi.ADMIN).post(Entity.json(question)).getStatus())
        .isEqualTo(200);
    assertThat(api.call("/api/v1/what-if", TestApi.ACME).post(Entity.json(question)).getStatus())
        .isEqualTo(200);
    Response listener =
        api.call("/api/v1/what-if", TestApi.ACME_LISTENER).post(Entity.json(question));
    assertThat(listener.getStatus()).isEqualTo(403);
    assertThat(error(listener)).containsEntry("code", "FORBIDDEN");
  }
}
