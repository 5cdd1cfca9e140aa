package io.logwise.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.activities.support.EnvClock;
import io.logwise.activities.support.KafkaBrokers;
import io.logwise.activities.support.TestDatabase;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.policy.kafka.PartitionConfig;
import io.logwise.policy.kafka.PartitionDecision.Reason;
import io.logwise.store.ConsumedOffsetsRow;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import io.logwise.workflows.kafka.EvaluateRequest;
import io.logwise.workflows.kafka.KafkaPartitionsInput;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflow;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflowImpl;
import io.logwise.workflows.kafka.PartitionDecisionRecord;
import io.logwise.workflows.kafka.PartitionEvaluation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Partition growth end to end on a real broker: the workflow (time skipping) with the real Kafka
 * activities and database, produce rate from real end offsets, lag from a stored batch report.
 */
@Tag("kafka")
class KafkaPartitionsIT {

  // 10 records/s per partition, 1000 records of lag per partition, multiples of 2, at most 6
  private static final PartitionConfig CONFIG = new PartitionConfig(10, 1000, 2, 6, 600, 30, 300);

  private KafkaBrokers kafka;
  private TestWorkflowEnvironment env;
  private KafkaDao dao;
  private KafkaPartitionsWorkflow wf;

  @BeforeEach
  void start() throws Exception {
    kafka = KafkaBrokers.start();
    kafka.createTopic("logs.busy", 2);
    kafka.createTopic("logs.behind", 2);
    kafka.createTopic("metrics.other", 1);
    dao = TestDatabase.fresh("partitions").onDemand(KafkaDao.class);
    TenantConfig t =
        TestTenants.parse(
            "name: acme\nspark: {masterHost: 127.0.0.1}\nkafka: {bootstrapServers: '"
                + kafka.bootstrapServers()
                + "'}\nobjectStore: {bucket: b}\n");
    env = TestWorkflowEnvironment.newInstance();
    Worker w = env.newWorker("logwise");
    w.registerWorkflowImplementationTypes(KafkaPartitionsWorkflowImpl.class);
    w.registerActivitiesImplementations(
        new KafkaActivitiesImpl(
            new TenantDirectory(List.of(t)), new KafkaClusters(dao), dao, new EnvClock(env)));
    env.start();
    // a client without the test environment's time locking: while an evaluation runs, time stands
    // still (the environment's own client lets it skip ahead to the hourly timer as soon as the
    // caller waits, which made the lag look an hour old on a busy machine)
    io.temporal.client.WorkflowClient still =
        io.temporal.client.WorkflowClient.newInstance(
            env.getWorkflowServiceStubs(),
            io.temporal.client.WorkflowClientOptions.newBuilder()
                .setNamespace(env.getNamespace())
                .build());
    wf =
        still.newWorkflowStub(
            KafkaPartitionsWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("kafka-partitions/acme")
                .setTaskQueue("logwise")
                .build());
    // one evaluation an hour on the timer: the test drives the rest with evaluateNow
    WorkflowClient.start(wf::run, KafkaPartitionsInput.of("acme", CONFIG, 3600, false));
    // the run's own first evaluation must be over before a test reports lag: one still under way
    // saw the report too, grew the topic itself and left the asked evaluation nothing to do
    // (ENOUGH_PARTITIONS), which is right for the product and was wrong for the test
    awaitEvaluations(1);
  }

  /** Waits until the workflow has finished {@code n} evaluations (its state query, no history). */
  private void awaitEvaluations(long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); // only if it never comes
    while (true) {
      var st = wf.state();
      if (st != null && st.evaluations() >= n) {
        return;
      }
      assertThat(System.nanoTime()).as("evaluation %d of the run", n).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    kafka.close();
  }

  private PartitionDecisionRecord decision(PartitionEvaluation ev, String topic) {
    return ev.decisions().stream().filter(d -> d.topic().equals(topic)).findFirst().orElseThrow();
  }

  private int partitions(String topic) throws Exception {
    try (var admin = kafka.admin()) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  @Test
  void theProduceRateGrowsATopicOnceThenTheCooldownAndTheCapHold() throws Exception {
    env.sleep(Duration.ofSeconds(60));
    kafka.produce("logs.busy", 1800); // 30/s over the minute -> 3 partitions -> 4
    PartitionEvaluation ev = wf.evaluateNow(new EvaluateRequest("test"));

    assertThat(ev.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
    assertThat(ev.decisions())
        .extracting(PartitionDecisionRecord::topic)
        .containsExactly("logs.behind", "logs.busy");
    PartitionDecisionRecord busy = decision(ev, "logs.busy");
    assertThat(busy.reason()).isEqualTo(Reason.RATE);
    // 1,800 records over the 60 s skipped plus the real seconds producing them took (a busy
    // machine stretches the window; anything above 21/s still needs 4 partitions)
    assertThat(busy.ratePerSecond()).isBetween(22.0, 31.0);
    assertThat(busy.targetPartitions()).isEqualTo(4);
    assertThat(partitions("logs.busy")).isEqualTo(4);
    assertThat(decision(ev, "logs.behind").reason()).isEqualTo(Reason.ENOUGH_PARTITIONS);

    env.sleep(Duration.ofSeconds(60));
    kafka.produce("logs.busy", 6000); // 100/s -> 10, but within the cooldown
    ev = wf.evaluateNow(new EvaluateRequest("test"));
    assertThat(decision(ev, "logs.busy").reason()).isEqualTo(Reason.COOLDOWN);
    assertThat(partitions("logs.busy")).isEqualTo(4);

    // ten quiet minutes: past the cooldown, and too long a window to measure a rate over
    env.sleep(Duration.ofMinutes(10));
    ev = wf.evaluateNow(new EvaluateRequest("test"));
    assertThat(decision(ev, "logs.busy").reason()).isEqualTo(Reason.WINDOW_TOO_LONG);

    env.sleep(Duration.ofSeconds(60));
    kafka.produce("logs.busy", 6000); // 100/s -> 10, capped at 6
    ev = wf.evaluateNow(new EvaluateRequest("test"));
    assertThat(decision(ev, "logs.busy").targetPartitions()).isEqualTo(6);
    assertThat(partitions("logs.busy")).isEqualTo(6);

    env.sleep(Duration.ofSeconds(60));
    kafka.produce("logs.busy", 6000);
    ev = wf.evaluateNow(new EvaluateRequest("test"));
    assertThat(decision(ev, "logs.busy").reason()).isEqualTo(Reason.AT_MAX_PARTITIONS);
    assertThat(partitions("logs.busy")).isEqualTo(6);
    assertThat(dao.recentPartitionDecisions("acme", 50))
        .extracting(r -> r.reason())
        .contains("RATE", "COOLDOWN", "AT_MAX_PARTITIONS")
        .doesNotContain("ENOUGH_PARTITIONS");
  }

  @Test
  void theSparkJobsLagGrowsATopic() throws Exception {
    dao.recordConsumed(
        new ConsumedOffsetsRow(
            "acme",
            KafkaClusterKey.of(kafka.bootstrapServers()),
            kafka.bootstrapServers(),
            "run-1",
            env.currentTimeMillis(),
            "{}",
            "{\"logs.behind\":3500}",
            env.currentTimeMillis()));
    PartitionEvaluation ev = wf.evaluateNow(new EvaluateRequest("test"));
    PartitionDecisionRecord behind = decision(ev, "logs.behind");
    assertThat(behind.reason()).isEqualTo(Reason.LAG);
    assertThat(behind.lag()).isEqualTo(3500);
    assertThat(behind.targetPartitions()).isEqualTo(4);
    assertThat(partitions("logs.behind")).isEqualTo(4);
    assertThat(wf.state().topics().get("logs.behind").partitions()).isEqualTo(4);
  }

  /**
   * What {@code theSparkJobsLagGrowsATopic} saw when it did not wait for the run's first
   * evaluation: two evaluations reading the same report grow the topic once, and the second finds
   * the partitions it needs (a report is not lost or read as stale; it is acted on once).
   */
  @Test
  void twoEvaluationsOfOneReportGrowTheTopicOnce() throws Exception {
    dao.recordConsumed(
        new ConsumedOffsetsRow(
            "acme",
            KafkaClusterKey.of(kafka.bootstrapServers()),
            kafka.bootstrapServers(),
            "run-1",
            env.currentTimeMillis(),
            "{}",
            "{\"logs.behind\":3500}",
            env.currentTimeMillis()));
    PartitionDecisionRecord first =
        decision(wf.evaluateNow(new EvaluateRequest("a")), "logs.behind");
    PartitionDecisionRecord second =
        decision(wf.evaluateNow(new EvaluateRequest("b")), "logs.behind");

    assertThat(first.reason()).isEqualTo(Reason.LAG);
    assertThat(second.reason()).isEqualTo(Reason.ENOUGH_PARTITIONS);
    assertThat(second.lag()).as("the report is still read, not stale").isEqualTo(3500);
    assertThat(second.currentPartitions()).isEqualTo(4);
    assertThat(partitions("logs.behind")).isEqualTo(4);
    assertThat(dao.recentPartitionDecisions("acme", 50))
        .filteredOn(r -> r.topic().equals("logs.behind") && r.reason().equals("LAG"))
        .hasSize(1);
  }
}
