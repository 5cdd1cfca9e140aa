package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.logwise.activities.support.FakeRolloutController;
import io.logwise.activities.support.KafkaBrokers;
import io.logwise.activities.support.VectorDeployment;
import io.logwise.embedded.LocalMoto;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A live pipeline moved to a new Kafka cluster through the real worker and API: two real KRaft
 * clusters, Vector as producers re-reading a ConfigMap on fabric8's mock server (with a stand-in
 * for the Deployment controller), Spark as consumers that honour the submitted starting offsets and
 * checkpoint in moto's S3. The worker is killed inside step 2, between steps, and inside step 4;
 * each time a new one carries on. Every sequence-numbered record produced before, during and after
 * the switch is consumed exactly once, with one rollout and one new driver.
 */
@Tag("kafka")
class KafkaMigrationEndToEndIT {

  private static final String ADMIN = "migration-admin-0123456789";
  private static final String LISTENER = "migration-listener-0123456789";

  private static KafkaBrokers oldKafka;
  private static KafkaBrokers newKafka;
  private static KubernetesClient k8s;
  private static FakeRolloutController controller;
  private static SparkStandIn spark;
  private static String base;
  private static final List<String> restarts = new java.util.concurrent.CopyOnWriteArrayList<>();

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
              "migration-e2e",
              LogwiseStack.ADMIN_AND_ACME_LISTENER
                  + """
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, masterWebPort: ${SPARK}, restPort: ${SPARK}, jarPath: 'file:/opt/logwise/job.jar', startingOffsets: earliest, pollInterval: 2s, submitGrace: 10s}
              kafka: {bootstrapServers: "${OLD_KAFKA}", enablePartitionScaling: false}
              objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              vector:
                kubernetes: {namespace: logwise, configMap: vector-kafka, key: KAFKA_BROKERS, deployment: vector}
          """,
              KafkaMigrationEndToEndIT::prepare)
          .onPersistentDevServer();

  /** Two KRaft clusters, Vector on fabric8's mock, a Spark stand-in checkpointing in moto. */
  private static Map<String, String> prepare(LogwiseStack stack) throws Exception {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    oldKafka = stack.closeLater(KafkaBrokers.start());
    newKafka = stack.closeLater(KafkaBrokers.start());
    oldKafka.createTopic("logs.checkout", 3);
    oldKafka.createTopic("logs.payments", 2);
    // records on the new cluster from before the migration: they must never be read
    newKafka.createTopic("logs.checkout", 3);
    try (var p = newKafka.producer()) {
      for (int i = 1; i <= 5; i++) {
        p.send(
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                "logs.checkout", String.valueOf(-i)));
      }
      p.flush();
    }

    KubernetesMockServer k8sServer = KubernetesCrud.start();
    stack.closeLater(k8sServer::destroy);
    k8s = k8sServer.createClient();
    // the worker builds its own client from these, as it would from a kubeconfig
    System.setProperty("kubernetes.master", k8s.getMasterUrl().toString());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    System.setProperty("kubernetes.trust.certificates", "true");
    VectorDeployment.create(k8s, oldKafka.bootstrapServers());
    controller =
        stack.closeLater(
            new FakeRolloutController(
                k8s, "logwise", "vector", 500, KafkaMigrationEndToEndIT::onRollout));

    String bucket = "migration-" + UUID.randomUUID().toString().substring(0, 8);
    S3Client s3 =
        S3Client.builder()
            .endpointOverride(LocalMoto.shared().endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    s3.createBucket(b -> b.bucket(bucket));
    base = stack.base();
    spark = stack.closeLater(new SparkStandIn(s3, bucket, base, LISTENER, "acme"));
    return Map.of(
        "ADMIN", ADMIN,
        "LISTENER", LISTENER,
        "SPARK", String.valueOf(spark.port()),
        "OLD_KAFKA", oldKafka.bootstrapServers(),
        "BUCKET", bucket);
  }

  /** Kills the running worker as a crash would and starts a fresh one on the same config. */
  private static synchronized void restartWorker(String when) {
    try {
      stack.restartWorker();
    } catch (Exception e) {
      throw new IllegalStateException("the new worker did not start", e);
    }
    restarts.add(when);
  }

  private static final AtomicBoolean firstRollout = new AtomicBoolean(true);

  /** The first rollout (the Vector switch) is held until the worker doing it has been killed. */
  private static void onRollout(FakeRolloutController.Rollout r) {
    if (firstRollout.getAndSet(false)) {
      controller.hold = true;
      new Thread(
              () -> {
                restartWorker("inside step 2 (Vector rollout)");
                controller.hold = false;
              })
          .start();
    }
  }

  private static JsonNode migration() {
    return Http.send("GET", base + "/api/v1/tenants/acme/kafka/migrations/m1", ADMIN, null, null)
        .body();
  }

  private static JsonNode await(Predicate<JsonNode> done, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode m = null;
    while (System.nanoTime() < deadline) {
      m = migration();
      if (m != null && m.has("progress") && done.test(m.get("progress"))) {
        return m;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("migration did not get there in " + seconds + "s: " + m);
  }

  @Test
  void everyRecordIsReadExactlyOnceAcrossTheSwitchAndThreeWorkerKills() throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (spark.runningOn(oldKafka.bootstrapServers()) == null && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(spark.runningOn(oldKafka.bootstrapServers()))
        .as("driver on the old cluster")
        .isNotNull();
    VectorStandIn vector =
        new VectorStandIn(
            k8s, "logwise", "vector-kafka", "KAFKA_BROKERS", () -> controller.completed.get() > 0);
    Thread.sleep(3000);

    // the first attempt meets supervision paused for maintenance: preflight refuses, nothing
    // changes
    var supervisor =
        stack
            .client()
            .newWorkflowStub(SparkSupervisorWorkflow.class, WorkflowIds.sparkSupervisor("acme"));
    supervisor.pause(
        new io.logwise.workflows.spark.ControlRequest("ops", "maintenance of the Spark hosts"));
    Http.Reply started =
        Http.send(
            "POST",
            base + "/api/v1/tenants/acme/kafka/migrations",
            ADMIN,
            null,
            "{\"migrationId\":\"m1\",\"newBootstrapServers\":\""
                + newKafka.bootstrapServers()
                + "\","
                + "\"quietPeriodSeconds\":5,\"drainTimeoutSeconds\":240,\"arrivalTimeoutSeconds\":120,"
                + "\"recoveryTimeoutSeconds\":240,\"freshnessBoundMinutes\":10}");
    assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(202);
    JsonNode refused = await(p -> "FAILED".equals(p.path("status").asText()), 120);
    assertThat(refused.toString()).contains("paused");
    assertThat(controller.rollouts).as("preflight touched nothing").isEmpty();

    // the cause fixed, the operator resets the failed migration to its start as the docs show;
    // the reset run takes the migration's slot again and runs every step once
    supervisor.resume(new io.logwise.workflows.spark.ControlRequest("ops", "maintenance done"));
    DocsTemporalCommands.run(
        DocsTemporalCommands.all().stream()
            .filter(c -> c.text().startsWith("temporal workflow reset "))
            .filter(c -> c.text().contains("kafka-migration/acme/m1"))
            .findFirst()
            .orElseThrow(),
        stack.temporalTarget(),
        Map.of());

    JsonNode waiting =
        await(
            p ->
                "WAITING".equals(p.path("status").asText())
                    && "APPROVAL".equals(p.path("step").asText()),
            300);
    assertThat(waiting.at("/progress/steps/1/outcome").asText()).isEqualTo("DONE");
    // m1 holds the tenant's slot (checked while it waits: its refusal above was too quick to race)
    Http.Reply second =
        Http.send(
            "POST",
            base + "/api/v1/tenants/acme/kafka/migrations",
            ADMIN,
            null,
            "{\"newBootstrapServers\":\"127.0.0.1:1\"}");
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.body().at("/error/message").asText()).contains("m1");
    // and the CLI, which starts a migration the same way (its claim, answered by the workflow)
    LogwiseStack.CliRun cli =
        stack.cli("migrate-kafka", "--tenant", "acme", "--id", "m-cli", "--to", "127.0.0.1:1");
    assertThat(cli.exit()).as(cli.output()).isEqualTo(1);
    assertThat(cli.output()).contains("migration m1 is running for tenant acme");
    restartWorker("between steps (waiting for approval)");
    // the Temporal server itself, kill -9 at the gate, started again on its SQLite file
    stack.killTemporal();
    assertThat(
            Http.send("GET", base + "/api/v1/tenants/acme/kafka/migrations/m1", ADMIN, null, null)
                .status())
        .as("the API while Temporal is away (the migration's stored progress still reads)")
        .isEqualTo(200);
    stack.restartTemporal();
    restarts.add("Temporal, at the approval gate");
    var migrationStub = stack.client().newUntypedWorkflowStub("kafka-migration/acme/m1");
    TestSteps.await(
        "the migration answers again, still at its gate",
        () -> {
          try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(migrationStub.query("progress", Object.class));
          } catch (RuntimeException e) {
            return null;
          }
        },
        p -> p != null && "APPROVAL".equals(p.path("step").asText()),
        120);

    // and again while the new driver's submission is under way: answered while it is away
    spark.onSubmit =
        body -> {
          if (spark.submissions.size() == 2) {
            stack.killTemporal();
            restarts.add("Temporal, inside the new driver's submission");
            new Thread(
                    () -> {
                      try {
                        while (spark.answered.get() < 2) {
                          Thread.sleep(50);
                        }
                        stack.restartTemporal();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .start();
          }
        };

    AtomicInteger kills = new AtomicInteger();
    spark.onKill =
        id -> {
          if (kills.getAndIncrement() == 0) {
            restartWorker("inside step 4 (stopping the old driver)");
          }
        };
    Http.Reply wrongAnswer =
        Http.send(
            "POST", base + "/api/v1/tenants/acme/kafka/migrations/m1:proceed", ADMIN, null, "{}");
    assertThat(wrongAnswer.status())
        .as(
            "the API's answer reaches the workflow, which names the gate it waits at: %s",
            wrongAnswer.body())
        .isEqualTo(409);
    assertThat(wrongAnswer.body().toString()).containsIgnoringCase("approve");
    // approved as the docs show an operator, with the temporal CLI (the API's :approve sends the
    // same update; KafkaResourceTest covers it)
    var atTheGate =
        DocsTemporalCommands.all().stream()
            .filter(DocsTemporalCommands.Command::atAMigrationGate)
            .filter(c -> c.text().contains("--name approve"))
            .toList();
    assertThat(atTheGate)
        .extracting(DocsTemporalCommands.Command::text)
        .singleElement()
        .asString()
        .contains("kafka-migration/acme/m1", "--name approve");
    assertThat(
            DocsTemporalCommands.run(
                new DocsTemporalCommands.Command(
                    "this test",
                    "temporal workflow query -w kafka-migration/acme/m1 --name progress"),
                stack.temporalTarget(),
                Map.of()))
        .contains("APPROVAL", "WAITING");
    DocsTemporalCommands.run(atTheGate.get(0), stack.temporalTarget(), Map.of());

    JsonNode done =
        await(
            p -> p.path("status").asText().matches("COMPLETED|FAILED|ROLLED_BACK|CANCELLED"), 360);
    assertThat(done.at("/progress/status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    Thread.sleep(3000); // traffic after the switch too
    vector.stop();

    long issued = vector.issued();
    deadline = System.nanoTime() + 120_000_000_000L;
    while (spark.consumed.size() < issued && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    List<Long> missing = new ArrayList<>();
    List<Long> repeated = new ArrayList<>();
    for (long s = 0; s < issued; s++) {
      AtomicInteger n = spark.consumed.get(s);
      if (n == null) {
        missing.add(s);
      } else if (n.get() > 1) {
        repeated.add(s);
      }
    }
    assertThat(vector.produced()).isEqualTo(issued);
    assertThat(issued).isGreaterThan(500);
    assertThat(missing).as("records never read").isEmpty();
    assertThat(repeated).as("records read twice").isEmpty();
    assertThat(spark.consumed.keySet().stream().filter(k -> k >= 0).count()).isEqualTo(issued);

    assertThat(spark.consumed.keySet())
        .as("nothing from before the recording")
        .allMatch(k -> k >= 0);
    assertThat(restarts)
        .containsExactly(
            "inside step 2 (Vector rollout)",
            "between steps (waiting for approval)",
            "Temporal, at the approval gate",
            "inside step 4 (stopping the old driver)",
            "Temporal, inside the new driver's submission");
    assertThat(controller.rollouts).as("one rollout, not repeated by the second worker").hasSize(1);
    assertThat(spark.submissions).as("the first driver and the one on the new cluster").hasSize(2);
    assertThat(spark.maxAlive.get()).as("never two drivers at once").isEqualTo(1);
    @SuppressWarnings("unchecked")
    List<String> args = (List<String>) spark.submissions.get(1).get("appArgs");
    assertThat(args).contains("kafka.bootstrap.servers=" + newKafka.bootstrapServers());
    assertThat(args).anyMatch(a -> a.startsWith("kafka.startingOffsets={"));
    assertThat(k8s.configMaps().inNamespace("logwise").withName("vector-kafka").get().getData())
        .containsEntry("KAFKA_BROKERS", newKafka.bootstrapServers());
    assertThat(done.at("/progress/steps").findValuesAsText("outcome")).containsOnly("DONE");
    var client = stack.client();
    assertThat(
            client
                .newWorkflowStub(SparkSupervisorWorkflow.class, WorkflowIds.sparkSupervisor("acme"))
                .state()
                .cluster()
                .kafkaBootstrapServers())
        .isEqualTo(newKafka.bootstrapServers());
    // the cut-over told the scaling loop, which holds no report of the old cluster's driver
    io.logwise.workflows.scaling.ScalingLoopState loop =
        client
            .newWorkflowStub(
                io.logwise.workflows.scaling.ScalingLoopWorkflow.class,
                WorkflowIds.scalingLoop("acme"))
            .state();
    assertThat(loop.kafkaSwitch()).as("the scaling loop was told of the switch").isNotNull();
    assertThat(loop.kafkaSwitch().oldRuns()).as("the old driver's query run").isNotEmpty();
    assertThat(loop.window())
        .extracting(io.logwise.policy.scaling.BatchSample::runId)
        .doesNotContainAnyElementsOf(loop.kafkaSwitch().oldRuns());
  }
}
