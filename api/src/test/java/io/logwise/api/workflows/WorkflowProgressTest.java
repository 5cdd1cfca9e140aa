package io.logwise.api.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.PendingWorkflowTaskState;
import io.temporal.api.workflow.v1.PendingWorkflowTaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the health check and a timed-out call say about a workflow whose task is pending, judged
 * from Temporal's description of it. The end-to-end {@code WorkflowProgressIT} meets one case or
 * the other depending on a race when it kills the worker; each is pinned here.
 */
class WorkflowProgressTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private final WorkflowProgress progress =
      new WorkflowProgress(
          null,
          "default",
          "t-retention",
          Duration.ofSeconds(2),
          Clock.fixed(NOW, ZoneOffset.UTC),
          List::of);

  private static Timestamp at(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  /** What a task in {@code state}, with the given seconds ago set on it, is judged as. */
  private String judged(
      PendingWorkflowTaskState state, long scheduled, long original, long started) {
    PendingWorkflowTaskInfo.Builder p = PendingWorkflowTaskInfo.newBuilder().setState(state);
    p.setScheduledTime(at(NOW.minusSeconds(scheduled)));
    if (original > 0) {
      p.setOriginalScheduledTime(at(NOW.minusSeconds(original)));
    }
    if (started > 0) {
      p.setStartedTime(at(NOW.minusSeconds(started)));
    }
    return progress.judge(WorkflowProgress.pending(p.build()), "t-retention");
  }

  @Test
  void aTaskTakenByAWorkerThatNeverFinishesItSaysTheWorkerDiedOrHangs() {
    assertThat(judged(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED, 9, 0, 5))
        .isEqualTo(
            "a worker took its workflow task 5 s ago and never finished it: the worker died or"
                + " hangs");
  }

  @Test
  void aTaskNobodyTookSaysHowLongItWaitedAndOnWhichQueue() {
    // a task handed back after a timeout counts from when it was first scheduled
    assertThat(judged(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED, 4, 30, 0))
        .startsWith("a workflow task has waited 30 s for a worker on task queue t-retention:")
        .contains("is a Logwise worker with that duty running");
  }

  @Test
  void aTaskPendingNoLongerThanStuckAfterIsNoProblemYet() {
    assertThat(judged(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED, 3, 0, 2))
        .isNull();
  }
}
