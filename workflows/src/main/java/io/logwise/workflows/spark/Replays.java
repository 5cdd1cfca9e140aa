package io.logwise.workflows.spark;

import io.logwise.policy.spark.ReplayWindow;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * A replay: stop the driver, back up and clear the streaming state, run a driver that assigns
 * partitions from the timestamp; at {@code resumeAt} or on request stop it, clear again and start
 * the normal job from the stop time minus the overlap (never from {@code latest}).
 */
final class Replays {

  private final DriverHands hands;
  private final StreamingStateActivities streamingState;
  private final SupervisionRecords records;

  Replays(DriverHands hands, StreamingStateActivities streamingState, SupervisionRecords records) {
    this.hands = hands;
    this.streamingState = streamingState;
    this.records = records;
  }

  static void validate(SupervisorState state, ReplayRequest r, long now) {
    if (r == null) {
      throw new IllegalArgumentException("fromTimestamp is required");
    }
    if (r.fromTimestamp() != null
        && (r.reason() == null || r.reason().isBlank() || r.reason().length() > 500)) {
      throw new IllegalArgumentException("reason is required (at most 500 characters)");
    }
    String problem =
        ReplayWindow.problem(
            r.fromTimestamp(), r.resumeAt(), now, state.settings().maxReplayAgeSeconds());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (state.reading().activeReplay() != null) {
      throw new IllegalArgumentException(
          "replay " + state.reading().activeReplay().replayId() + " is active; end it first");
    }
    if (state.cluster().pendingCutover() != null) {
      throw new IllegalStateException(busy(state));
    }
  }

  /**
   * Why a replay cannot start now, or null: one is active, or a migration's cut-over has not
   * finished (a replay would start on the new cluster from a time before the migration).
   */
  static String busy(SupervisorState state) {
    if (state.reading().activeReplay() != null) {
      return "replay " + state.reading().activeReplay().replayId() + " is active; end it first";
    }
    if (state.cluster().pendingCutover() != null) {
      return "the cut-over of migration "
          + state.cluster().pendingCutover()
          + " has not finished; retry it (or roll it back) before a replay";
    }
    return null;
  }

  static void validateEnd(SupervisorState state) {
    if (state.reading().activeReplay() == null) {
      throw new IllegalArgumentException("no replay is active");
    }
  }

  /** At {@code resumeAt} (not while paused): back to normal; a failure is retried next look. */
  void endIfDue(long now) {
    SupervisorState state = hands.state();
    ReplayRecord active = state.reading().activeReplay();
    if (state.control().paused()
        || active == null
        || active.resumeAt() == null
        || now < active.resumeAt()) {
      return;
    }
    try {
      end("resumeAt reached");
    } catch (ActivityFailure | ApplicationFailure e) {
      hands.update(
          s ->
              s.failed(
                  "ending replay failed: " + LogwiseFailures.rootMessage(e) + "; will try again"));
    }
  }

  /** On request; nothing to do when the replay already ended. */
  void endIfActive(String why) {
    if (hands.state().reading().activeReplay() != null) {
      end(why);
    }
  }

  ReplayStarted begin(ReplayRequest r) {
    long now = Workflow.currentTimeMillis();
    String replayId = Workflow.randomUUID().toString();
    hands.stopDriver();
    String tenant = hands.state().tenant();
    streamingState.resetStreamingState(new StateResetRequest(tenant, "replay-" + replayId));
    hands.update(
        s ->
            s.reading(SupervisionMode.REPLAY, r.fromTimestamp(), SubscribeMode.ASSIGN)
                .freshBudget()
                .stopped(null));
    DriverHands.Submitted submitted =
        hands.submit(null, "replay from " + Instant.ofEpochMilli(r.fromTimestamp()));
    if (submitted.submissionId() == null || !submitted.action().startedDriver()) {
      throw ApplicationFailure.newFailure(
          "replay driver could not be submitted: " + submitted.reason(),
          LogwiseFailures.UNAVAILABLE);
    }
    ReplayRecord record =
        new ReplayRecord(
            tenant,
            replayId,
            r.requestedBy(),
            r.reason(),
            now,
            r.fromTimestamp(),
            r.resumeAt(),
            submitted.submissionId(),
            null,
            null,
            null);
    hands.update(s -> s.replaying(record, record));
    records.recordReplay(record);
    return new ReplayStarted(replayId, submitted.submissionId(), r.fromTimestamp());
  }

  /** Stops the replay driver, then starts the normal job from the stop time minus the overlap. */
  private void end(String why) {
    hands.stopDriver();
    long stoppedAt = Workflow.currentTimeMillis();
    SupervisorState state = hands.state();
    long resumeFrom = stoppedAt - state.settings().resumeOverlapSeconds() * 1000;
    ReplayRecord replay = state.reading().activeReplay();
    streamingState.resetStreamingState(
        new StateResetRequest(state.tenant(), "resume-" + replay.replayId()));
    hands.update(s -> s.reading(SupervisionMode.NORMAL, resumeFrom, SubscribeMode.PATTERN));
    DriverHands.Submitted submitted =
        hands.submit(
            null,
            "replay "
                + replay.replayId()
                + " "
                + why
                + "; normal job from "
                + Instant.ofEpochMilli(resumeFrom));
    ReplayRecord ended =
        new ReplayRecord(
            replay.tenant(),
            replay.replayId(),
            replay.requestedBy(),
            replay.reason(),
            replay.requestedAtMillis(),
            replay.fromTimestamp(),
            replay.resumeAt(),
            replay.replaySubmissionId(),
            stoppedAt,
            resumeFrom,
            submitted.submissionId());
    hands.update(s -> s.replaying(null, ended));
    records.recordReplay(ended);
  }
}
