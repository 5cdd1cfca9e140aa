package io.logwise.workflows.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.kafka.PartitionConfig;
import io.logwise.policy.kafka.PartitionDecision.Action;
import io.logwise.policy.kafka.PartitionDecision.Reason;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaPartitionsWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(KafkaPartitionsWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final PartitionConfig CONFIG =
      new PartitionConfig(2000, 1_000_000, 2, 16, 600, 30, 300);

  private FakeKafka kafka;

  private KafkaPartitionsWorkflow start(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c, KafkaPartitionsInput input) {
    return start(e, w, c, input, k -> {});
  }

  private KafkaPartitionsWorkflow start(
      TestWorkflowEnvironment e,
      Worker w,
      WorkflowClient c,
      KafkaPartitionsInput input,
      java.util.function.Consumer<FakeKafka> before) {
    kafka = new FakeKafka(e::currentTimeMillis);
    before.accept(kafka);
    w.registerActivitiesImplementations(kafka);
    e.start();
    KafkaPartitionsWorkflow wf =
        c.newWorkflowStub(
            KafkaPartitionsWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("kafka-partitions/acme")
                .setTaskQueue(w.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, input);
    return wf;
  }

  @Test
  void aBusyTopicGrowsOnceThenWaitsOutTheCooldown(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    KafkaPartitionsWorkflow wf = start(e, w, c, KafkaPartitionsInput.of("acme", CONFIG, 60, false));
    kafka.topics.put("logs.busy", new FakeKafka.Topic(3, 10_000));
    kafka.topics.put("logs.quiet", new FakeKafka.Topic(3, 10));
    e.sleep(Duration.ofMinutes(3));

    // 10,000/s at 2000 per partition = 5, rounded up to a multiple of 2
    assertThat(kafka.increases).hasSize(1);
    assertThat(kafka.increases.get(0).topic()).isEqualTo("logs.busy");
    assertThat(kafka.increases.get(0).targetPartitions()).isEqualTo(6);
    KafkaPartitionsState st = wf.state();
    assertThat(st.topics().get("logs.busy").partitions()).isEqualTo(6);
    assertThat(st.topics().get("logs.quiet").lastDecision().reason())
        .isEqualTo(Reason.ENOUGH_PARTITIONS);
    assertThat(st.recentIncreases())
        .extracting(PartitionDecisionRecord::topic)
        .containsExactly("logs.busy");

    // load doubles: it needs 10, but not before the cooldown of 10 minutes has passed
    kafka.topics.get("logs.busy").ratePerSecond = 20_000;
    e.sleep(Duration.ofMinutes(5));
    assertThat(kafka.increases).hasSize(1);
    assertThat(wf.state().topics().get("logs.busy").lastDecision().reason())
        .isEqualTo(Reason.COOLDOWN);
    assertThat(kafka.recorded).anyMatch(r -> r.reason() == Reason.COOLDOWN);
    e.sleep(Duration.ofMinutes(6));
    assertThat(kafka.increases).hasSize(2);
    assertThat(kafka.topics.get("logs.busy").partitions).isGreaterThanOrEqualTo(10);
  }

  @Test
  void lagFromTheBatchesGrowsATopicAndTheCapHolds(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    // an hour of interval: only the first (timer) evaluation and the requested one run
    KafkaPartitionsWorkflow wf =
        start(e, w, c, KafkaPartitionsInput.of("acme", CONFIG, 3600, false));
    FakeKafka.Topic t = new FakeKafka.Topic(3, 0);
    kafka.topics.put("logs.behind", t);
    // the run's first (timer) evaluation must be over before the lag appears, or it grows the
    // topic itself: wait for it, not for a second (it can take longer on a busy machine)
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while ((wf.state() == null || wf.state().evaluations() < 1) && System.nanoTime() < until) {
      e.sleep(Duration.ofMillis(100));
    }
    assertThat(wf.state().evaluations()).as("the first evaluation ran").isGreaterThanOrEqualTo(1);
    t.lag = 50_000_000L;

    PartitionEvaluation ev = wf.evaluateNow(new EvaluateRequest("ops"));

    assertThat(ev.trigger()).isEqualTo("api: ops");
    assertThat(ev.increased()).isEqualTo(1);
    assertThat(ev.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(Reason.LAG);
              assertThat(d.targetPartitions()).isEqualTo(16);
            });
    wf.configure(new KafkaPartitionsSettings(null, 60L, null));
    e.sleep(Duration.ofMinutes(20));
    assertThat(kafka.increases).hasSize(1);
    assertThat(wf.state().topics().get("logs.behind").lastDecision().reason())
        .isEqualTo(Reason.AT_MAX_PARTITIONS);
  }

  @Test
  void dryRunDecidesAndRecordsButNeverGrows(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    KafkaPartitionsWorkflow wf = start(e, w, c, KafkaPartitionsInput.of("acme", CONFIG, 60, true));
    kafka.topics.put("logs.busy", new FakeKafka.Topic(3, 10_000));
    e.sleep(Duration.ofMinutes(3));
    assertThat(kafka.increases).isEmpty();
    assertThat(kafka.recorded)
        .anyMatch(r -> r.action() == Action.INCREASE && r.outcome().startsWith("dry run"));
    assertThat(wf.state().topics().get("logs.busy").partitions()).isEqualTo(3);
  }

  @Test
  void theRateBaselineSurvivesContinueAsNew(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    KafkaPartitionsWorkflow wf =
        start(e, w, c, new KafkaPartitionsInput("acme", CONFIG, 60L, false, 30, null));
    kafka.topics.put("logs.busy", new FakeKafka.Topic(3, 100));
    e.sleep(Duration.ofMinutes(10));
    String firstRun =
        c.newUntypedWorkflowStub("kafka-partitions/acme").describe().getExecution().getRunId();
    long evaluations = wf.state().evaluations();
    assertThat(evaluations).isGreaterThan(3);
    e.sleep(Duration.ofMinutes(10));
    KafkaPartitionsState st = wf.state();
    assertThat(st.evaluations()).isGreaterThan(evaluations);
    assertThat(st.topics().get("logs.busy").lastDecision().reason())
        .as("a rate was measured in the new run: its baseline came along")
        .isEqualTo(Reason.ENOUGH_PARTITIONS);
    assertThat(
            c.newUntypedWorkflowStub("kafka-partitions/acme").describe().getExecution().getRunId())
        .isNotEqualTo(firstRun);
  }

  @Test
  void anUnreachableClusterIsRecordedAndTheLoopGoesOn(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    KafkaPartitionsWorkflow wf = start(e, w, c, KafkaPartitionsInput.of("acme", CONFIG, 60, false));
    kafka.reachable = false;
    PartitionEvaluation ev = wf.evaluateNow(new EvaluateRequest("ops"));
    assertThat(ev.error()).contains("old:9092").contains("did not answer");
    assertThat(wf.state().lastError()).isEqualTo(ev.error());
    kafka.reachable = true;
    kafka.topics.put("logs.a", new FakeKafka.Topic(3, 1));
    e.sleep(Duration.ofMinutes(2));
    assertThat(wf.state().lastError()).isNull();
    assertThat(wf.state().topics()).containsKey("logs.a");
  }

  /** The 4,000-event rule under operator load: 120 evaluations from 8 callers at once. */
  @Test
  void concurrentEvaluationsAreAllAnsweredAndNoRunOutgrowsItsLimit(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    start(e, w, c, new KafkaPartitionsInput("acme", CONFIG, 60L, false, 100, null));
    kafka.topics.put("logs.a", new FakeKafka.Topic(3, 10));
    e.sleep(Duration.ofSeconds(5));
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.List<java.util.concurrent.Future<?>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 120; i++) {
      answers.add(
          callers.submit(
              () ->
                  io.logwise.workflows.Runs.retryingUpdate(
                      () ->
                          c.newWorkflowStub(KafkaPartitionsWorkflow.class, "kafka-partitions/acme")
                              .evaluateNow(new EvaluateRequest("ops")))));
    }
    for (var answer : answers) {
      answer.get(120, java.util.concurrent.TimeUnit.SECONDS);
    }
    callers.shutdown();

    var all = io.logwise.workflows.Runs.of(c, "kafka-partitions/acme");
    int runs = all.size();
    int longest = io.logwise.workflows.Runs.longest(all);
    System.out.printf(
        "kafka-partitions: 120 concurrent evaluations over %d runs, longest %d events%n",
        runs, longest);
    assertThat(runs).isGreaterThan(1);
    // the limit, the margin, one accepted evaluation per caller (~10 events each) and the hand-over
    assertThat(longest)
        .isLessThanOrEqualTo(100 + io.logwise.workflows.HistoryBudget.MARGIN + 8 * 12 + 10);
  }
}
