package io.logwise.workflows.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Adaptive revision 10 in the loop: while a batch report is overdue, the loop reads Σ of Kafka's
 * latest offsets on a timer and sizes the backlog they show; a report that comes first cancels the
 * look. Time skipping; the fleet, the master and Kafka are {@link FakeFleet}'s.
 */
class OverdueLookWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              ScalingLoopWorkflowImpl.OPTIONS, ScalingLoopWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final ScalingConfig ADAPTIVE =
      ScalingConfig.REFERENCE.withPolicy("adaptive").withWorkers(1, 50);
  private static final long RATE = 20_000;

  private final FakeFleet fleet = new FakeFleet();
  private TestWorkflowEnvironment testEnv;
  private long read;
  private long latest;

  private ScalingLoopWorkflow start(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c, ScalingConfig config) {
    testEnv = e;
    fleet.desired = 2;
    fleet.alive = 2;
    fleet.granted = 4;
    w.registerActivitiesImplementations(fleet);
    e.start();
    ScalingLoopWorkflow wf =
        c.newWorkflowStub(
            ScalingLoopWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.scalingLoop("acme"))
                .setTaskQueue(w.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, ScalingLoopInput.of("acme", config, false));
    return wf;
  }

  /**
   * Ten batches a minute apart, each 1.2M records (20,000/s) busy 30 s on 4 cores, ending now and
   * 800,000 records behind: 2 workers carry it.
   */
  private void tenSteadyBatches(ScalingLoopWorkflow wf) {
    for (int n = 0; n < 10; n++) {
      long end = testEnv.currentTimeMillis();
      read += RATE * 60;
      latest = read + 800_000;
      wf.batch(
          new BatchReport(
              "b" + n,
              RATE * 60,
              0,
              end - 35_000,
              end,
              4,
              "succeeded",
              800_000L,
              null,
              null,
              read,
              null));
      fleet.latestOffsets = latest + RATE * 60;
      testEnv.sleep(Duration.ofSeconds(60));
    }
  }

  private long looks() {
    return fleet.recorded.stream().filter(r -> r.batchId().startsWith("overdue@")).count();
  }

  @Test
  void aFlushSeenInKafkaWhileABatchRunsLongIsScaledForBeforeItEnds(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ADAPTIVE);
    tenSteadyBatches(wf);
    // a report came each minute: every look was cancelled before it was due
    assertThat(fleet.kafkaReads.get()).isZero();
    assertThat(c.fetchHistory(WorkflowIds.scalingLoop("acme")).getEvents())
        .filteredOn(ev -> ev.hasTimerCanceledEventAttributes())
        .hasSizeGreaterThanOrEqualTo(9);
    int scaledBefore = fleet.scaled.size();
    // the next batch runs long while producers flush at 200,000/s: 120 s after the newest report
    // (60 s of it already slept) the loop reads what Kafka holds
    fleet.latestOffsets = latest + 200_000L * 120;
    testEnv.sleep(Duration.ofSeconds(65));
    assertThat(fleet.kafkaReads.get()).isEqualTo(1);
    DecisionRecord look =
        fleet.recorded.stream()
            .filter(r -> r.batchId().startsWith("overdue@"))
            .findFirst()
            .orElseThrow();
    assertThat(look.action()).isEqualTo(ScalingDecision.Action.UPSCALE);
    assertThat(look.reason()).contains("no report for 120s");
    assertThat(look.targetWorkers()).isGreaterThan(20);
    assertThat(look.outcome()).startsWith("desired " + look.targetWorkers());
    assertThat(fleet.scaled).hasSize(scaledBefore + 1);
    assertThat(fleet.desired).isEqualTo(look.targetWorkers());
    assertThat(wf.state().lastLook()).isEqualTo(look.decidedAtMillis());
    // the running batch keeps the cores it started with: no more looks until the next report
    fleet.latestOffsets += 400_000L * 300;
    testEnv.sleep(Duration.ofMinutes(5));
    assertThat(fleet.kafkaReads.get()).isEqualTo(1);
    assertThat(looks()).isEqualTo(1);
    assertThat(fleet.scaled).hasSize(scaledBefore + 1);
  }

  @Test
  void withNoApplicationRunningTheLoopLeavesItToTheSupervisor(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ADAPTIVE);
    tenSteadyBatches(wf);
    fleet.granted = null;
    fleet.latestOffsets = latest + 200_000L * 120;
    int observed = fleet.observations.get();
    testEnv.sleep(Duration.ofSeconds(125));
    // it looked (the fleet and the master were read) at 120 s and 180 s, and decided nothing
    assertThat(fleet.observations.get()).isEqualTo(observed + 2);
    assertThat(fleet.kafkaReads.get()).isZero();
    assertThat(looks()).isZero();
  }

  @Test
  void kafkaDownIsLoggedAndLookedAtAgainAMinuteLater(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ADAPTIVE);
    tenSteadyBatches(wf);
    fleet.kafkaFailure =
        io.logwise.workflows.LogwiseFailures.unavailable("Kafka is down (test)", null);
    testEnv.sleep(Duration.ofSeconds(65));
    assertThat(fleet.kafkaReads.get()).as("three attempts").isEqualTo(3);
    assertThat(looks()).isZero();
    fleet.kafkaFailure = null;
    fleet.latestOffsets = latest + 200_000L * 180;
    testEnv.sleep(Duration.ofSeconds(60));
    assertThat(looks()).isEqualTo(1);
    assertThat(fleet.recorded.get(fleet.recorded.size() - 1).reason())
        .contains("no report for 180s");
  }

  /** A report of {@code records} read through {@code endOffsets} ending now, nothing behind. */
  private BatchReport report(String id, long records, long endOffsets) {
    return report(id, records, endOffsets, 0);
  }

  /** The same on a driver whose clock is {@code skewMillis} off the loop's. */
  private BatchReport report(String id, long records, long endOffsets, long skewMillis) {
    long end = (testEnv == null ? 1_000_000 : testEnv.currentTimeMillis()) + skewMillis;
    return new BatchReport(
        id, records, 0, end - 30_000, end, 4, "succeeded", 0L, null, null, endOffsets, null);
  }

  @Test
  void aLoopNotToldOfAMigrationStillComparesNoOffsetsAcrossItsSwitch(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ADAPTIVE);
    tenSteadyBatches(wf);
    // the cut-over stopped the driver after the newest report and switched the cluster (the
    // database says when); the new cluster's offsets are larger than the old one's by far more
    // than anything behind
    fleet.switchedAt = testEnv.currentTimeMillis();
    fleet.latestOffsets = latest + 5_000_000_000L;
    testEnv.sleep(Duration.ofSeconds(125));
    // looked at 120 s and 180 s: Kafka read, nothing decided
    assertThat(fleet.kafkaReads.get()).isEqualTo(2);
    assertThat(looks()).isZero();
    assertThat(c.fetchHistory(WorkflowIds.scalingLoop("acme")).getEvents())
        .filteredOn(ev -> ev.hasMarkerRecordedEventAttributes())
        .map(ev -> ev.getMarkerRecordedEventAttributes().getDetailsMap().toString())
        .anySatisfy(m -> assertThat(m).contains(ScalingLoopWorkflowImpl.LOOK_AFTER_SWITCH));
    // the new cluster's first report makes them comparable: the next look decides
    wf.batch(report("new-1", RATE * 30, latest + 5_000_000_000L));
    testEnv.sleep(Duration.ofSeconds(125));
    assertThat(looks()).isEqualTo(1);
    assertThat(fleet.recorded.get(fleet.recorded.size() - 1).reason()).contains("no report for");
  }

  @Test
  void aLoopToldOfAMigrationForgetsTheOldClustersReportsAndSizesTheNewOnesAlone(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ADAPTIVE);
    tenSteadyBatches(wf);
    // the old driver's last report names its query run
    read += RATE * 60;
    wf.batch(report("5d1f0c2a-old-10", RATE * 60, read, 0));
    testEnv.sleep(Duration.ofSeconds(10));
    int decided = fleet.recorded.size();
    long switched = testEnv.currentTimeMillis();
    wf.kafkaSwitched(new io.logwise.workflows.spark.KafkaSwitched("m1", switched));
    // nothing left to look from: no look while the new driver starts
    testEnv.sleep(Duration.ofMinutes(5));
    assertThat(wf.state().window()).isEmpty();
    assertThat(wf.state().kafkaSwitch().atMillis()).isEqualTo(switched);
    assertThat(wf.state().kafkaSwitch().oldRuns()).containsExactly("5d1f0c2a-old");
    assertThat(fleet.kafkaReads.get()).isZero();
    // late reports of the old driver stay out: one of its run, its clock a minute ahead of the
    // switch; one naming no run that ended before it
    wf.batch(report("5d1f0c2a-old-11", RATE * 60, read + RATE * 60, 60_000));
    wf.batch(
        report("late", RATE * 60, read + RATE * 60, switched - 500 - testEnv.currentTimeMillis()));
    // the new cluster's, at 20,000/s from an offset far above the old one's, on a driver whose
    // clock runs ten minutes behind: they come in alone, and no rate is taken across the switch
    long base = latest + 5_000_000_000L;
    for (int n = 0; n < 4; n++) {
      testEnv.sleep(Duration.ofSeconds(60));
      wf.batch(report("8a2e6b3d-new-" + n, RATE * 60, base + n * RATE * 60, -600_000));
    }
    testEnv.sleep(Duration.ofSeconds(5));
    assertThat(wf.state().window())
        .extracting(BatchSample::runId)
        .containsExactly("8a2e6b3d-new", "8a2e6b3d-new", "8a2e6b3d-new", "8a2e6b3d-new");
    assertThat(fleet.recorded.subList(decided, fleet.recorded.size()))
        .extracting(DecisionRecord::action)
        .doesNotContain(ScalingDecision.Action.UPSCALE);
    assertThat(fleet.desired).isEqualTo(2);
  }

  /** A started loop's state whose window holds the report {@code batchId}. */
  private ScalingLoopState holding(String batchId) {
    return ScalingLoopState.UNSTARTED
        .started("acme", null)
        .takenIn(ADAPTIVE, report(batchId, RATE * 60, read, 0).sampleWithRun());
  }

  @Test
  void aCutOverToldBeforeAContinuedRunReadItsInputForgetsWhatWasCarriedNotWhatCameAfter() {
    ScalingLoopState carried =
        holding("5d1f0c2a-old-10").received(report("5d1f0c2a-old-11", RATE * 60, read, 0));
    // told of the switch, then the new driver's first report, all before the run read its input
    ScalingLoopState continued =
        ScalingLoopState.UNSTARTED
            .kafkaSwitched(1_000)
            .received(report("8a2e6b3d-new-0", RATE * 60, read, 0))
            .continuedFrom("acme", carried);
    assertThat(continued.window()).isEmpty();
    assertThat(continued.kafkaSwitch().oldRuns()).containsExactly("5d1f0c2a-old");
    // both queued reports are still evaluated (and recorded); only the new run's enters the window
    assertThat(continued.pendingBatches())
        .extracting(BatchReport::batchId)
        .containsExactly("8a2e6b3d-new-0", "5d1f0c2a-old-11");
    ScalingLoopState after = continued;
    for (BatchReport b : continued.pendingBatches()) {
      after = after.takenIn(ADAPTIVE, b.sampleWithRun());
    }
    assertThat(after.window()).extracting(BatchSample::runId).containsExactly("8a2e6b3d-new");
  }

  @Test
  void aSwitchKeepsTheRunsOfQueuedReportsAndOfEverySwitchBefore() {
    ScalingLoopState s = holding("1111aaaa-first-3").kafkaSwitched(1_000);
    assertThat(s.kafkaSwitch().oldRuns()).containsExactly("1111aaaa-first");
    // a run only queued when the next migration's signal comes, never in the window
    ScalingLoopState again =
        s.received(report("2222bbbb-second-0", RATE * 60, read, 0)).kafkaSwitched(2_000);
    assertThat(again.kafkaSwitch().atMillis()).isEqualTo(2_000);
    assertThat(again.kafkaSwitch().oldRuns())
        .containsExactlyInAnyOrder("1111aaaa-first", "2222bbbb-second");
    // the same cut-over signalled twice (retried after a failed submit) forgets nothing either
    assertThat(again.kafkaSwitched(2_500).kafkaSwitch().oldRuns())
        .containsExactlyInAnyOrder("1111aaaa-first", "2222bbbb-second");
  }

  @Test
  void theClassicPolicyNeverReadsKafka(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    ScalingLoopWorkflow wf = start(e, w, c, ScalingConfig.REFERENCE.withWorkers(1, 50));
    tenSteadyBatches(wf);
    testEnv.sleep(Duration.ofMinutes(5));
    assertThat(fleet.kafkaReads.get()).isZero();
    assertThat(looks()).isZero();
  }
}
