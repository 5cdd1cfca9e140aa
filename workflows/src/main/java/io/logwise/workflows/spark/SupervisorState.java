package io.logwise.workflows.spark;

import java.util.List;

/**
 * Everything {@code spark-supervisor/<tenant>} knows: returned by the {@code state} query and
 * carried across continue-as-new. Times are epoch millis (0 = never).
 *
 * @param mode {@code NORMAL} or {@code REPLAY}
 * @param paused supervision paused by an operator
 * @param stoppedReason why supervision stopped itself (rejected submission), or null
 * @param submissionId our current driver, or null
 * @param driverState its last seen state, {@code UNREACHABLE} when the master did not answer
 * @param consecutiveCrashes crashes in a row (reset after a stable period)
 * @param backoffUntilMillis no submission before this
 * @param startingOffsetsTimestamp what submissions in the current mode start from, or null
 * @param subscribeMode {@code assign} during a replay, else {@code pattern}
 * @param deathSeenFor the submission whose death was already counted, or null
 * @param activeReplay the replay in progress, or null
 * @param recentReplays the last replays, newest last (at most 10)
 * @param kafkaBootstrapServers the cluster submissions read since a migration's cut-over, or null
 *     for the tenant's configured one
 * @param startingOffsetsMigrationId submissions start from this migration's recorded offsets (when
 *     Spark has no checkpoint yet), or null
 * @param pendingCutover a cut-over that started and did not finish: nothing is submitted until it
 *     is retried, or null
 * @param lastCutover the last cut-over that finished, or null
 */
public record SupervisorState(
    String tenant,
    SupervisorSettings settings,
    String mode,
    boolean paused,
    String stoppedReason,
    String submissionId,
    long submittedAtMillis,
    String driverState,
    long runningSinceMillis,
    int consecutiveCrashes,
    long backoffUntilMillis,
    long submissions,
    String lastAction,
    long lastActionAtMillis,
    String lastError,
    Long startingOffsetsTimestamp,
    String subscribeMode,
    String deathSeenFor,
    ReplayRecord activeReplay,
    List<ReplayRecord> recentReplays,
    String kafkaBootstrapServers,
    String startingOffsetsMigrationId,
    String pendingCutover,
    CutoverResult lastCutover) {

  public SupervisorState {
    recentReplays = recentReplays == null ? List.of() : List.copyOf(recentReplays);
  }
}
