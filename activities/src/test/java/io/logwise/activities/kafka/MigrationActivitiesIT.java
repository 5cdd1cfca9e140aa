package io.logwise.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.support.KafkaBrokers;
import io.logwise.activities.support.TestDatabase;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.store.ConsumedOffsetsRow;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import io.logwise.workflows.kafka.MigrationActivities;
import io.logwise.workflows.kafka.MigrationActivities.ClaimResult;
import io.logwise.workflows.kafka.MigrationActivities.PreflightResult;
import io.logwise.workflows.spark.FakeSparkMaster;
import io.logwise.workflows.spark.SparkSupervisorInput;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.spark.SparkSupervisorWorkflowImpl;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A migration's activities against two real KRaft clusters and the database, with the real
 * supervisor workflow (on a fake master) answering the cut-over.
 */
@Tag("kafka")
class MigrationActivitiesIT {

  private KafkaBrokers oldCluster;
  private KafkaBrokers newCluster;
  private KafkaDao dao;
  private TestWorkflowEnvironment temporal;
  private TestActivityEnvironment activityEnv;
  private MigrationActivities steps;
  private final FakeSparkMaster master = new FakeSparkMaster();
  private TenantConfig tenant;

  @BeforeEach
  void start() throws Exception {
    oldCluster = KafkaBrokers.start();
    newCluster = KafkaBrokers.start();
    oldCluster.createTopic("logs.a", 3);
    oldCluster.createTopic("logs.b", 2);
    oldCluster.createTopic("other.x", 1);
    newCluster.createTopic("logs.a", 1);
    oldCluster.produce("logs.a", 60);
    newCluster.produce("logs.a", 5); // stray records from before the migration: never re-read
    dao = TestDatabase.fresh("migration").onDemand(KafkaDao.class);
    tenant =
        TestTenants.parse(
            "name: acme\nspark: {masterHost: 127.0.0.1}\nkafka: {bootstrapServers: '"
                + oldCluster.bootstrapServers()
                + "'}\nobjectStore: {bucket: b}\n");
    temporal = TestWorkflowEnvironment.newInstance();
    Worker w = temporal.newWorker("logwise");
    w.registerWorkflowImplementationTypes(SparkSupervisorWorkflowImpl.class);
    w.registerActivitiesImplementations(master);
    temporal.start();
    activityEnv = TestActivityEnvironment.newInstance();
    activityEnv.registerActivitiesImplementations(
        new MigrationActivitiesImpl(
            new TenantDirectory(List.of(tenant)),
            new KafkaClusters(dao),
            dao,
            new VectorRollouts(() -> (KubernetesClient) null, Duration.ofMinutes(1)),
            temporal.getWorkflowClient(),
            new ObjectStores(),
            Clock.systemUTC()));
    steps =
        activityEnv.newActivityStub(
            MigrationActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    activityEnv.close();
    temporal.close();
    oldCluster.close();
    newCluster.close();
  }

  private void startSupervisor() {
    SparkSupervisorWorkflow wf =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                SparkSupervisorWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("spark-supervisor/acme")
                    .setTaskQueue("logwise")
                    .build());
    WorkflowClient.start(wf::run, SparkSupervisorInput.of("acme", null));
    temporal.sleep(Duration.ofSeconds(20));
  }

  private MigrationActivities.PreflightRequest preflight(boolean dryRun) {
    return new MigrationActivities.PreflightRequest(
        "acme", "m1", oldCluster.bootstrapServers(), newCluster.bootstrapServers(), dryRun);
  }

  @Test
  void preflightMakesTheNewClusterReadyAndRecordsItsOffsetsFirst() throws Exception {
    startSupervisor();
    PreflightResult dry = steps.preflight(preflight(true));
    assertThat(dry.problems()).isEmpty();
    assertThat(dry.created()).containsExactly("logs.b (2 partitions)");
    assertThat(dry.grown()).containsExactly("logs.a (1 → 3 partitions)");
    assertThat(dao.startOffsets("acme", "m1")).isEmpty();
    try (var a = newCluster.admin()) {
      assertThat(a.listTopics().names().get()).containsExactly("logs.a");
    }

    PreflightResult done = steps.preflight(preflight(false));

    assertThat(done.problems()).isEmpty();
    assertThat(done.topics()).isEqualTo(2);
    assertThat(done.created()).containsExactly("logs.b (2 partitions)");
    assertThat(done.grown()).containsExactly("logs.a (1 → 3 partitions)");
    assertThat(done.partitionsRecorded()).isEqualTo(5);
    assertThat(done.recordedOffsetSum()).isEqualTo(5);
    try (var a = newCluster.admin()) {
      var topics = a.describeTopics(List.of("logs.a", "logs.b")).allTopicNames().get();
      assertThat(topics.get("logs.a").partitions()).hasSize(3);
      assertThat(topics.get("logs.b").partitions()).hasSize(2);
    }
    // a retried preflight keeps the first recording, even after records arrived
    newCluster.produce("logs.a", 10);
    steps.preflight(preflight(false));
    assertThat(dao.startOffsets("acme", "m1").stream().mapToLong(r -> r.startOffset()).sum())
        .isEqualTo(5);
  }

  @Test
  void preflightRefusesWithoutARunningSupervisorAndChangesNothing() throws Exception {
    PreflightResult r = steps.preflight(preflight(false));
    assertThat(r.problems()).singleElement().asString().contains("spark-supervisor/acme");
    assertThat(dao.startOffsets("acme", "m1")).isEmpty();
    try (var a = newCluster.admin()) {
      assertThat(a.listTopics().names().get()).containsExactly("logs.a");
    }
  }

  @Test
  void oneMigrationHoldsTheSlotWhileItsWorkflowRuns() {
    ClaimResult first =
        steps.claim(
            new MigrationActivities.ClaimRequest(
                "acme", "m1", newCluster.bootstrapServers(), "ops", false));
    assertThat(first.claimed()).isTrue();
    assertThat(first.currentBootstrapServers()).isEqualTo(oldCluster.bootstrapServers());
    assertThat(
            steps
                .claim(
                    new MigrationActivities.ClaimRequest(
                        "acme", "m1", newCluster.bootstrapServers(), "ops", false))
                .claimed())
        .as("a retried claim")
        .isTrue();

    // m1's workflow does not exist: its slot is stale and m2 may take it
    assertThat(
            steps
                .claim(
                    new MigrationActivities.ClaimRequest(
                        "acme", "m2", newCluster.bootstrapServers(), "ops", false))
                .claimed())
        .isTrue();
    assertThat(dao.findMigration("acme", "m1").orElseThrow().status()).isEqualTo("ABANDONED");

    // now m2's "workflow" runs (any workflow under its id will do for the liveness check)
    WorkflowClient.start(
        temporal
                .getWorkflowClient()
                .newWorkflowStub(
                    SparkSupervisorWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId("kafka-migration/acme/m2")
                        .setTaskQueue("logwise")
                        .build())
            ::run,
        SparkSupervisorInput.of("acme", null));
    ClaimResult third =
        steps.claim(
            new MigrationActivities.ClaimRequest(
                "acme", "m3", newCluster.bootstrapServers(), "ops", false));
    assertThat(third.claimed()).isFalse();
    assertThat(third.problem()).contains("migration m2 is running");
    assertThat(third.outcome().outcome())
        .isEqualTo(io.logwise.workflows.kafka.MigrationStart.Outcome.RUNNING);
    assertThat(third.outcome().holder()).isEqualTo("m2");

    ClaimResult same =
        steps.claim(
            new MigrationActivities.ClaimRequest(
                "acme", "m4", oldCluster.bootstrapServers(), "ops", false));
    assertThat(same.claimed()).isFalse();
    assertThat(same.problem()).contains("already uses");
    assertThat(same.outcome().outcome())
        .isEqualTo(io.logwise.workflows.kafka.MigrationStart.Outcome.SAME_CLUSTER);

    ClaimResult reused =
        steps.claim(
            new MigrationActivities.ClaimRequest(
                "acme", "m1", newCluster.bootstrapServers(), "ops", false));
    assertThat(reused.outcome().outcome())
        .as("m1 was abandoned: its id stays used")
        .isEqualTo(io.logwise.workflows.kafka.MigrationStart.Outcome.ID_USED);
  }

  @Test
  void arrivalAndDrainAreSeenOnTheRealClusters() throws Exception {
    startSupervisor();
    steps.preflight(preflight(false));
    var noArrival =
        steps.awaitArrival(
            new MigrationActivities.ArrivalRequest("acme", "m1", newCluster.bootstrapServers(), 3));
    assertThat(noArrival.done()).isFalse();
    assertThat(noArrival.message()).contains("no record arrived");
    newCluster.produce("logs.b", 3);
    assertThat(
            steps
                .awaitArrival(
                    new MigrationActivities.ArrivalRequest(
                        "acme", "m1", newCluster.bootstrapServers(), 30))
                .done())
        .isTrue();

    var drain = new MigrationActivities.DrainRequest("acme", oldCluster.bootstrapServers(), 2, 5);
    var notReported = steps.awaitDrained(drain);
    assertThat(notReported.done()).isFalse();
    assertThat(notReported.message()).contains("reported no offsets");

    // the job has read all but 7 records of logs.a
    Map<String, Map<Integer, Long>> end = endOffsets(oldCluster, Map.of("logs.a", 3, "logs.b", 2));
    Map<String, Map<Integer, Long>> behind = new TreeMap<>(end);
    Map<Integer, Long> a = new TreeMap<>(end.get("logs.a"));
    int fullest = a.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    a.put(fullest, a.get(fullest) - 7);
    behind.put("logs.a", a);
    consumed(oldCluster.bootstrapServers(), behind, 1);
    var lagging = steps.awaitDrained(drain);
    assertThat(lagging.done()).isFalse();
    assertThat(lagging.message()).contains("7 record(s) unread").contains("logs.a/" + fullest);

    consumed(oldCluster.bootstrapServers(), end, 2);
    var drained = steps.awaitDrained(drain);
    assertThat(drained.done()).isTrue();
    assertThat(drained.message()).contains("read to the end");
  }

  @Test
  void aTopicThatAppearsOnTheOldClusterAfterPreflightIsCreatedOnTheNewOneDuringTheDrain()
      throws Exception {
    startSupervisor();
    steps.preflight(preflight(false));
    // a service onboarded mid-migration: its topic appears on the old cluster only now
    oldCluster.createTopic("logs.c", 4);
    oldCluster.produce("logs.c", 20);
    try (var admin = newCluster.admin()) {
      assertThat(admin.listTopics().names().get()).doesNotContain("logs.c");
    }
    Map<String, Map<Integer, Long>> end =
        endOffsets(oldCluster, Map.of("logs.a", 3, "logs.b", 2, "logs.c", 4));
    consumed(oldCluster.bootstrapServers(), end, 3);
    // what a retried attempt reads back: the drain's mark, also while the drain waits for logs.c
    // to show on the new cluster (a CI run read its offsets before it showed). The wait itself
    // happens only when that race does, which is rare here
    List<Object> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
    activityEnv.setActivityHeartbeatListener(Object.class, beats::add);

    var drained =
        steps.awaitDrained(
            new MigrationActivities.DrainRequest(
                "acme", oldCluster.bootstrapServers(), 1, 30, "m1", newCluster.bootstrapServers()));

    assertThat(drained.done()).isTrue();
    assertThat(drained.message())
        .contains("on the new cluster since preflight: logs.c created with 4 partitions");
    assertThat(beats).isNotEmpty().allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
    try (var admin = newCluster.admin()) {
      assertThat(
              admin
                  .describeTopics(List.of("logs.c"))
                  .allTopicNames()
                  .get()
                  .get("logs.c")
                  .partitions())
          .hasSize(4);
    }
    // the cut-over starts logs.c's partitions at their beginning: every record there is new
    assertThat(dao.startOffsets("acme", "m1"))
        .filteredOn(o -> o.topic().equals("logs.c"))
        .extracting(o -> o.partitionId() + "@" + o.startOffset())
        .containsExactlyInAnyOrder("0@0", "1@0", "2@0", "3@0");
    // and a second drain (a retried attempt) finds parity and records nothing twice
    var again =
        steps.awaitDrained(
            new MigrationActivities.DrainRequest(
                "acme", oldCluster.bootstrapServers(), 1, 30, "m1", newCluster.bootstrapServers()));
    assertThat(again.message()).doesNotContain("logs.c created");
    assertThat(dao.startOffsets("acme", "m1"))
        .filteredOn(o -> o.topic().equals("logs.c"))
        .hasSize(4);
  }

  @Test
  void aDrainStartedAgainCarriesTheQuietPeriodOn() throws Exception {
    startSupervisor();
    assertThat(
            steps
                .claim(
                    new MigrationActivities.ClaimRequest(
                        "acme", "m1", newCluster.bootstrapServers(), "ops", false))
                .claimed())
        .isTrue();
    steps.preflight(preflight(false));
    consumed(
        oldCluster.bootstrapServers(), endOffsets(oldCluster, Map.of("logs.a", 3, "logs.b", 2)), 3);
    var first =
        steps.awaitDrained(
            new MigrationActivities.DrainRequest(
                "acme",
                oldCluster.bootstrapServers(),
                3600,
                2,
                "m1",
                newCluster.bootstrapServers()));
    assertThat(first.done()).as("an hour's quiet is not there yet").isFalse();
    long quietSince = dao.drainMark("acme", "m1").orElseThrow().quietSinceMs();
    // the worker dies; a new attempt starts later (no heartbeat details reach it) and needs only
    // 1 s of quiet: measured from its own start it would say 1 s
    Thread.sleep(3_000);
    long againStarted = System.currentTimeMillis();
    var again =
        steps.awaitDrained(
            new MigrationActivities.DrainRequest(
                "acme", oldCluster.bootstrapServers(), 1, 60, "m1", newCluster.bootstrapServers()));
    assertThat(again.done()).isTrue();
    java.util.regex.Matcher quiet =
        java.util.regex.Pattern.compile("quiet for (\\d+)s").matcher(again.message());
    assertThat(quiet.find()).as(again.message()).isTrue();
    assertThat(Long.parseLong(quiet.group(1)))
        .as("measured from the first attempt's mark, not restarted: %s", again.message())
        .isGreaterThanOrEqualTo((againStarted - quietSince) / 1000);
  }

  @Test
  void theCutoverGoesThroughTheSupervisorAndRecoveryIsSeenInTheBatches() throws Exception {
    startSupervisor();
    steps.preflight(preflight(false));
    long since = System.currentTimeMillis();
    String driver =
        steps.cutOverSpark(
            new MigrationActivities.CutoverRequest(
                "acme", "m1", newCluster.bootstrapServers(), "ops", 1));
    assertThat(driver).isEqualTo("driver-2");
    assertThat(master.kills).containsExactly("driver-1");
    assertThat(master.submissions.get(1).startingOffsetsMigrationId()).isEqualTo("m1");
    // a retried activity joins the same update: no second driver
    assertThat(
            steps.cutOverSpark(
                new MigrationActivities.CutoverRequest(
                    "acme", "m1", newCluster.bootstrapServers(), "ops", 1)))
        .isEqualTo("driver-2");
    assertThat(master.submissions).hasSize(2);

    var recovery =
        new MigrationActivities.RecoveryRequest(
            "acme", "m1", newCluster.bootstrapServers(), since, 3, 0);
    assertThat(steps.awaitRecovery(recovery).message()).contains("no batch");
    consumed(
        newCluster.bootstrapServers(),
        endOffsets(newCluster, Map.of("logs.a", 3, "logs.b", 2)),
        System.currentTimeMillis());
    var recovered = steps.awaitRecovery(recovery);
    assertThat(recovered.done()).isTrue();
    assertThat(recovered.message()).contains("reads " + newCluster.bootstrapServers());
  }

  private void consumed(
      String bootstrap, Map<String, Map<Integer, Long>> offsets, long completion) {
    dao.recordConsumed(
        new ConsumedOffsetsRow(
            "acme",
            KafkaClusterKey.of(bootstrap),
            bootstrap,
            "b-" + UUID.randomUUID(),
            completion,
            OffsetsJson.write(offsets),
            null,
            System.currentTimeMillis()));
  }

  private static Map<String, Map<Integer, Long>> endOffsets(
      KafkaBrokers k, Map<String, Integer> partitions) {
    try (KafkaAdmin a = KafkaAdmin.connect(k.bootstrapServers(), Duration.ofSeconds(10))) {
      return a.endOffsets(partitions);
    }
  }
}
