package io.logwise.workflows.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The supervisor's side of a Kafka cluster migration: the {@code cutover} update. */
class SparkSupervisorCutoverTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              SparkSupervisorWorkflowImpl.class, SwitchListenerImpl.class)
          .setDoNotStart(true)
          .build();

  private final FakeSparkMaster master = new FakeSparkMaster();

  private SparkSupervisorWorkflow start(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    w.registerActivitiesImplementations(master);
    e.start();
    SparkSupervisorWorkflow wf =
        c.newWorkflowStub(
            SparkSupervisorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("spark-supervisor/acme")
                .setTaskQueue(w.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, SparkSupervisorInput.of("acme", null));
    e.sleep(Duration.ofMinutes(1));
    return wf;
  }

  @Test
  void aCutoverStopsTheDriverClearsStateSwitchesTheClusterAndSubmitsFromTheRecordedOffsets(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    assertThat(master.alive()).containsExactly("driver-1");

    CutoverResult r = wf.cutover(new CutoverCommand("m1", "new-1:9092", "ops"));

    assertThat(r.stoppedSubmissionId()).isEqualTo("driver-1");
    assertThat(r.submissionId()).isEqualTo("driver-2");
    assertThat(master.kills).containsExactly("driver-1");
    assertThat(master.resets)
        .extracting(StateResetRequest::idempotencyKey)
        .containsExactly("cutover-m1");
    assertThat(master.clusterSwitches)
        .containsExactly(new ClusterSwitch("acme", "m1", "new-1:9092"));
    SubmitRequest submitted = master.submissions.get(1);
    assertThat(submitted.bootstrapServers()).isEqualTo("new-1:9092");
    assertThat(submitted.startingOffsetsMigrationId()).isEqualTo("m1");
    assertThat(submitted.startingOffsetsTimestamp()).isNull();
    assertThat(master.alive()).containsExactly("driver-2");

    // the same migration again (a retried activity) answers the first result, acts no more
    assertThat(wf.cutover(new CutoverCommand("m1", "new-1:9092", "ops"))).isEqualTo(r);
    assertThat(master.submissions).hasSize(2);

    // a later crash restarts on the new cluster from the same offsets, never from latest
    master.set("driver-2", "KILLED");
    e.sleep(Duration.ofSeconds(40));
    SubmitRequest restart = master.submissions.get(2);
    assertThat(restart.bootstrapServers()).isEqualTo("new-1:9092");
    assertThat(restart.startingOffsetsMigrationId()).isEqualTo("m1");
    assertThat(wf.state().cluster().kafkaBootstrapServers()).isEqualTo("new-1:9092");
  }

  /** Stands in for {@code scaling-loop/acme}: keeps what the cut-over tells it. */
  @WorkflowInterface
  public interface SwitchListener extends KafkaSwitchReceiver {
    @WorkflowMethod
    void run();

    @QueryMethod
    List<KafkaSwitched> told();
  }

  public static class SwitchListenerImpl implements SwitchListener {
    private final List<KafkaSwitched> told = new ArrayList<>();

    @Override
    public void run() {
      Workflow.await(() -> false);
    }

    @Override
    public void kafkaSwitched(KafkaSwitched switched) {
      told.add(switched);
    }

    @Override
    public List<KafkaSwitched> told() {
      return told;
    }
  }

  @Test
  void aCutoverTellsTheScalingLoopWhenTheClusterSwitchedAndGoesOnWithoutOne(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    SwitchListener loop =
        c.newWorkflowStub(
            SwitchListener.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(io.logwise.workflows.WorkflowIds.scalingLoop("acme"))
                .setTaskQueue(w.getTaskQueue())
                .build());
    WorkflowClient.start(loop::run);
    long before = e.currentTimeMillis();

    CutoverResult r = wf.cutover(new CutoverCommand("m1", "new-1:9092", "ops"));

    assertThat(loop.told())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.migrationId()).isEqualTo("m1");
              // recorded after the old driver stopped, before the new one was submitted
              assertThat(s.atMillis()).isBetween(before, r.atMillis());
            });
    assertThat(master.clusterSwitches).hasSize(1);
    // a second migration, with no loop running to tell, still cuts over
    c.newUntypedWorkflowStub(io.logwise.workflows.WorkflowIds.scalingLoop("acme"))
        .terminate("test");
    CutoverResult again = wf.cutover(new CutoverCommand("m2", "new-2:9092", "ops"));
    assertThat(again.submissionId()).isNotEqualTo(r.submissionId());
    assertThat(master.alive()).containsExactly(again.submissionId());
  }

  /** v3, replayed by {@code ReplayTest}: one loop told, the second cut-over with none to tell. */
  @Test
  void theCutoverHistoryToldOneLoopAndCarriedOnWithoutTheOther() throws Exception {
    io.temporal.common.WorkflowExecutionHistory history =
        io.temporal.common.WorkflowExecutionHistory.fromJson(
            java.nio.file.Files.readString(
                java.nio.file.Path.of(
                    getClass().getResource("/histories/spark-supervisor-v3.json").toURI())));
    assertThat(history.getEvents())
        .filteredOn(ev -> ev.hasSignalExternalWorkflowExecutionInitiatedEventAttributes())
        .hasSize(2)
        .allSatisfy(
            ev ->
                assertThat(
                        ev.getSignalExternalWorkflowExecutionInitiatedEventAttributes()
                            .getSignalName())
                    .isEqualTo("kafkaSwitched"));
    assertThat(history.getEvents())
        .anyMatch(ev -> ev.hasExternalWorkflowExecutionSignaledEventAttributes())
        .anyMatch(ev -> ev.hasSignalExternalWorkflowExecutionFailedEventAttributes())
        .filteredOn(ev -> ev.hasWorkflowExecutionUpdateCompletedEventAttributes())
        .hasSize(2);
  }

  @Test
  void aFailedCutoverBlocksEverySubmissionUntilItIsRetried(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    master.failResets.set(1);

    assertThatThrownBy(() -> wf.cutover(new CutoverCommand("m1", "new-1:9092", "ops")))
        .isInstanceOf(WorkflowUpdateException.class);
    // the old driver is gone and the state was not cleared: submitting now could read the new
    // cluster with the old checkpoint; the supervisor must wait
    e.sleep(Duration.ofMinutes(5));
    assertThat(master.submissions).hasSize(1);
    assertThat(master.alive()).isEmpty();
    assertThat(wf.state().cluster().pendingCutover()).isEqualTo("m1");

    CutoverResult r = wf.cutover(new CutoverCommand("m1", "new-1:9092", "ops"));
    assertThat(r.submissionId()).isEqualTo("driver-2");
    assertThat(wf.state().cluster().pendingCutover()).isNull();
    assertThat(master.clusterSwitches).hasSize(1);
  }

  @Test
  void aCutoverIsRefusedDuringAReplayOrAPause(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    SparkSupervisorWorkflow wf = start(e, w, c);
    wf.pause(new ControlRequest("ops", "maintenance"));
    assertThatThrownBy(() -> wf.cutover(new CutoverCommand("m1", "new-1:9092", "ops")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("paused");
    assertThat(master.kills).isEmpty();
    assertThatThrownBy(() -> wf.cutover(new CutoverCommand("m1", "", "ops")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("bootstrapServers");
  }
}
