package io.logwise.workflows.spark;

import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.WorkflowIds;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * A Kafka cluster migration's cut-over: stop the driver, switch the tenant's brokers, clear the
 * streaming state, submit on the new cluster from the migration's offsets. Marked pending first, so
 * nothing else is submitted until it has finished; idempotent per migration.
 */
final class Cutovers {

  private static final Logger log = Workflow.getLogger(Cutovers.class);

  private final DriverHands hands;
  private final StreamingStateActivities streamingState;
  private final SupervisionRecords records;

  Cutovers(DriverHands hands, StreamingStateActivities streamingState, SupervisionRecords records) {
    this.hands = hands;
    this.streamingState = streamingState;
    this.records = records;
  }

  static void validate(SupervisorState state, CutoverCommand c) {
    if (c == null
        || c.migrationId() == null
        || c.migrationId().isBlank()
        || c.bootstrapServers() == null
        || c.bootstrapServers().isBlank()) {
      throw new IllegalArgumentException("migrationId and bootstrapServers are required");
    }
    if (isDone(state, c)) {
      return;
    }
    String problem = problem(state);
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
  }

  /** Why no cut-over may start now (a replay is active, supervision paused or stopped), or null. */
  static String problem(SupervisorState state) {
    if (state.reading().activeReplay() != null) {
      return "replay "
          + state.reading().activeReplay().replayId()
          + " is active; end it before a cut-over";
    }
    if (state.control().paused() || state.control().stoppedReason() != null) {
      return "supervision is "
          + (state.control().paused() ? "paused" : "stopped: " + state.control().stoppedReason())
          + "; resume it before a cut-over";
    }
    return null;
  }

  static boolean isDone(SupervisorState state, CutoverCommand c) {
    return state.cluster().lastCutover() != null
        && c.migrationId().equals(state.cluster().lastCutover().migrationId());
  }

  /**
   * Tells {@code scaling-loop/<tenant>} that its reports so far read the old cluster (their offsets
   * would make any rate or lag against the new one's). A loop that does not run has nothing to
   * forget (said in the log; the supervisor's history shows the signal failed). A loop run by a
   * worker of older code ignores it; its looks between reports still check the switch in the
   * database.
   */
  private static void tellScalingLoop(String tenant, KafkaSwitched switched) {
    try {
      Workflow.newExternalWorkflowStub(KafkaSwitchReceiver.class, WorkflowIds.scalingLoop(tenant))
          .kafkaSwitched(switched);
    } catch (ApplicationFailure e) {
      // how the SDK reports a signal the server could not deliver (its cause as the type). The
      // signal is advisory: the cut-over has stopped the driver and goes on whatever it says (a
      // cancellation is no ApplicationFailure, and still stops it)
      if (String.valueOf(e.getType()).endsWith("EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND")) {
        log.info(
            "tenant {}: no scaling loop running to tell of the cut-over (nothing to forget)",
            tenant);
      } else {
        log.warn(
            "tenant {}: the scaling loop could not be told of the cut-over ({}); its looks still"
                + " check the switch in the database",
            tenant,
            e.getType());
      }
    }
  }

  CutoverResult run(CutoverCommand c) {
    if (isDone(hands.state(), c)) {
      return hands.state().cluster().lastCutover();
    }
    hands.update(s -> s.cutoverStarted(c.migrationId()));
    String stopped = hands.state().driver().submissionId();
    hands.stopDriver();
    hands.update(s -> s.onCluster(c.bootstrapServers(), c.migrationId()));
    String tenant = hands.state().tenant();
    streamingState.resetStreamingState(new StateResetRequest(tenant, "cutover-" + c.migrationId()));
    records.switchCluster(new ClusterSwitch(tenant, c.migrationId(), c.bootstrapServers()));
    if (Workflow.getVersion("cutover-tells-scaling-loop", Workflow.DEFAULT_VERSION, 1) == 1) {
      tellScalingLoop(tenant, new KafkaSwitched(c.migrationId(), Workflow.currentTimeMillis()));
    }
    hands.update(SupervisorState::freshBudget);
    DriverHands.Submitted submitted =
        hands.submit(
            null, "cut-over to " + c.bootstrapServers() + " (migration " + c.migrationId() + ")");
    if (submitted.submissionId() == null || !submitted.action().startedDriver()) {
      throw ApplicationFailure.newFailure(
          "the driver could not be submitted on the new cluster: " + submitted.reason(),
          LogwiseFailures.UNAVAILABLE);
    }
    CutoverResult result =
        new CutoverResult(
            c.migrationId(),
            c.bootstrapServers(),
            stopped,
            submitted.submissionId(),
            Workflow.currentTimeMillis());
    hands.update(
        s ->
            s.cutoverFinished(result)
                .acted("cut over to " + c.bootstrapServers(), result.atMillis()));
    return result;
  }
}
