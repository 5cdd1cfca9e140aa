package io.logwise.workflows.spark;

import java.util.ArrayList;
import java.util.List;

/** The supervisor's mutable state inside one run; {@link #snapshot()} is what leaves it. */
final class Supervision {

  static final String NORMAL = "NORMAL";
  static final String REPLAY = "REPLAY";
  private static final int KEPT_REPLAYS = 10;

  String tenant;
  SupervisorSettings settings;
  String mode = NORMAL;
  boolean paused;
  String stoppedReason;
  String submissionId;
  long submittedAtMillis;
  String driverState;
  long runningSinceMillis;
  int consecutiveCrashes;
  long backoffUntilMillis;
  long submissions;
  String lastAction;
  long lastActionAtMillis;
  String lastError;
  Long startingOffsetsTimestamp;
  String subscribeMode = "pattern";
  String deathSeenFor;
  ReplayRecord activeReplay;
  String kafkaBootstrapServers;
  String startingOffsetsMigrationId;
  String pendingCutover;
  CutoverResult lastCutover;
  final List<ReplayRecord> recentReplays = new ArrayList<>();

  static Supervision fresh(String tenant, SupervisorSettings settings) {
    Supervision s = new Supervision();
    s.tenant = tenant;
    s.settings = settings;
    return s;
  }

  static Supervision from(SupervisorState st, SupervisorSettings settings) {
    Supervision s = fresh(st.tenant(), settings);
    s.mode = st.mode();
    s.paused = st.paused();
    s.stoppedReason = st.stoppedReason();
    s.submissionId = st.submissionId();
    s.submittedAtMillis = st.submittedAtMillis();
    s.driverState = st.driverState();
    s.runningSinceMillis = st.runningSinceMillis();
    s.consecutiveCrashes = st.consecutiveCrashes();
    s.backoffUntilMillis = st.backoffUntilMillis();
    s.submissions = st.submissions();
    s.lastAction = st.lastAction();
    s.lastActionAtMillis = st.lastActionAtMillis();
    s.lastError = st.lastError();
    s.startingOffsetsTimestamp = st.startingOffsetsTimestamp();
    s.subscribeMode = st.subscribeMode();
    s.deathSeenFor = st.deathSeenFor();
    s.activeReplay = st.activeReplay();
    s.kafkaBootstrapServers = st.kafkaBootstrapServers();
    s.startingOffsetsMigrationId = st.startingOffsetsMigrationId();
    s.pendingCutover = st.pendingCutover();
    s.lastCutover = st.lastCutover();
    s.recentReplays.addAll(st.recentReplays());
    return s;
  }

  void acted(String action, long now) {
    lastAction = action;
    lastActionAtMillis = now;
  }

  /** Replaces the replay with the same id, or adds it, keeping the last few. */
  void remember(ReplayRecord replay) {
    recentReplays.removeIf(r -> r.replayId().equals(replay.replayId()));
    recentReplays.add(replay);
    while (recentReplays.size() > KEPT_REPLAYS) {
      recentReplays.remove(0);
    }
  }

  SupervisorState snapshot() {
    return new SupervisorState(
        tenant,
        settings,
        mode,
        paused,
        stoppedReason,
        submissionId,
        submittedAtMillis,
        driverState,
        runningSinceMillis,
        consecutiveCrashes,
        backoffUntilMillis,
        submissions,
        lastAction,
        lastActionAtMillis,
        lastError,
        startingOffsetsTimestamp,
        subscribeMode,
        deathSeenFor,
        activeReplay,
        recentReplays,
        kafkaBootstrapServers,
        startingOffsetsMigrationId,
        pendingCutover,
        lastCutover);
  }

  String markdown() {
    StringBuilder md =
        new StringBuilder("**Spark supervisor** for `").append(tenant).append("`\n\n");
    md.append("- driver: `").append(submissionId).append("` ").append(driverState).append('\n');
    md.append("- mode: ").append(mode);
    if (paused) {
      md.append(" (**paused**)");
    }
    md.append('\n');
    if (stoppedReason != null) {
      md.append("- **stopped**: ").append(stoppedReason).append('\n');
    }
    if (pendingCutover != null) {
      md.append("- **cut-over of migration ").append(pendingCutover);
      md.append(" unfinished**: no submissions until it is retried\n");
    }
    if (kafkaBootstrapServers != null) {
      md.append("- Kafka: `").append(kafkaBootstrapServers).append("` (since migration ");
      md.append(startingOffsetsMigrationId).append(")\n");
    }
    md.append("- submissions: ").append(submissions).append(", crashes in a row: ");
    md.append(consecutiveCrashes).append('\n');
    if (lastAction != null) {
      md.append("- last action: ").append(lastAction).append('\n');
    }
    if (lastError != null) {
      md.append("- last error: ").append(lastError).append('\n');
    }
    return md.toString();
  }
}
