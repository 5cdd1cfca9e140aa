package io.logwise.workflows.spark;

import io.logwise.policy.spark.DriverState;
import io.logwise.policy.spark.RestartBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Everything {@code spark-supervisor/<tenant>} knows: returned by the {@code state} query and
 * carried across continue-as-new. Immutable; the workflow moves it on with the transition methods
 * below. Times are epoch millis (0 = never).
 *
 * @param mode the normal job, or a replay
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
    SupervisionMode mode,
    boolean paused,
    String stoppedReason,
    String submissionId,
    long submittedAtMillis,
    DriverStatus driverState,
    long runningSinceMillis,
    int consecutiveCrashes,
    long backoffUntilMillis,
    long submissions,
    String lastAction,
    long lastActionAtMillis,
    String lastError,
    Long startingOffsetsTimestamp,
    SubscribeMode subscribeMode,
    String deathSeenFor,
    ReplayRecord activeReplay,
    List<ReplayRecord> recentReplays,
    String kafkaBootstrapServers,
    String startingOffsetsMigrationId,
    String pendingCutover,
    CutoverResult lastCutover) {

  private static final int KEPT_REPLAYS = 10;

  public SupervisorState {
    mode = mode == null ? SupervisionMode.NORMAL : mode;
    subscribeMode = subscribeMode == null ? SubscribeMode.PATTERN : subscribeMode;
    recentReplays = recentReplays == null ? List.of() : List.copyOf(recentReplays);
  }

  static SupervisorState fresh(String tenant, SupervisorSettings settings) {
    return new Draft(tenant, settings).build();
  }

  // ---- transitions -------------------------------------------------------------------------

  SupervisorState withSettings(SupervisorSettings next) {
    return edit(d -> d.settings = next);
  }

  SupervisorState acted(String action, long now) {
    return edit(
        d -> {
          d.lastAction = action;
          d.lastActionAtMillis = now;
        });
  }

  SupervisorState failed(String error) {
    return edit(d -> d.lastError = error);
  }

  SupervisorState unreachable(String error) {
    return edit(
        d -> {
          d.driverState = DriverStatus.UNREACHABLE;
          d.lastError = error;
        });
  }

  /**
   * After a look at our driver: its state; when it started running; and each death counted once — a
   * crash against the restart budget (the jitter drawn only then), a kill not.
   */
  SupervisorState afterLook(DriverState ours, String message, long now, DoubleSupplier jitter) {
    SupervisorState seen = edit(d -> d.driverState = DriverStatus.of(ours));
    if (ours == DriverState.RUNNING && runningSinceMillis == 0) {
      seen = seen.edit(d -> d.runningSinceMillis = now);
    }
    boolean dead = ours != null && !ours.isAlive() && ours != DriverState.NOT_FOUND;
    if (!dead || submissionId.equals(deathSeenFor)) {
      return seen;
    }
    if (!ours.isCrash()) {
      return seen.edit(
          d -> {
            d.deathSeenFor = submissionId;
            d.runningSinceMillis = 0;
          });
    }
    RestartBudget budget =
        new RestartBudget(
            Duration.ofSeconds(settings.backoffBaseSeconds()),
            Duration.ofSeconds(settings.backoffCapSeconds()),
            Duration.ofSeconds(settings.stablePeriodSeconds()),
            0.2);
    long since = seen.runningSinceMillis;
    int crashes =
        budget.crashesAfterDeath(
            consecutiveCrashes,
            since == 0 ? null : Instant.ofEpochMilli(since),
            Instant.ofEpochMilli(now));
    long backoffUntil = now + budget.delayBefore(crashes, jitter.getAsDouble()).toMillis();
    String error = "driver " + submissionId + " " + ours + (message == null ? "" : ": " + message);
    return seen.edit(
        d -> {
          d.deathSeenFor = submissionId;
          d.consecutiveCrashes = crashes;
          d.backoffUntilMillis = backoffUntil;
          d.lastError = error;
          d.runningSinceMillis = 0;
        });
  }

  /** The submission of a driver reading what this state says. */
  SubmitRequest submitRequest(String idempotencyKey, CheckRequest overrides) {
    return new SubmitRequest(
        tenant,
        idempotencyKey,
        startingOffsetsTimestamp,
        subscribeMode,
        overrides == null ? null : overrides.driverCores(),
        overrides == null ? null : overrides.driverMemoryGb(),
        kafkaBootstrapServers,
        startingOffsetsMigrationId);
  }

  /** A driver of ours from now: submitted (counted) or adopted. */
  SupervisorState driverStarted(String id, long now, boolean submitted) {
    return edit(
        d -> {
          d.submissionId = id;
          d.submittedAtMillis = now;
          d.deathSeenFor = null;
          d.runningSinceMillis = 0;
          if (submitted) {
            d.driverState = DriverStatus.SUBMITTED;
            d.submissions++;
            d.lastError = null;
          }
        });
  }

  /** Our driver was stopped on purpose: its death is not a crash. */
  SupervisorState driverStopped(DriverStatus finalState) {
    return edit(
        d -> {
          d.driverState = finalState;
          d.deathSeenFor = submissionId;
          d.runningSinceMillis = 0;
        });
  }

  SupervisorState freshBudget() {
    return edit(
        d -> {
          d.consecutiveCrashes = 0;
          d.backoffUntilMillis = 0;
        });
  }

  SupervisorState paused(boolean value) {
    return edit(
        d -> {
          d.paused = value;
          if (!value) {
            d.stoppedReason = null;
          }
        });
  }

  SupervisorState stopped(String reason) {
    return edit(d -> d.stoppedReason = reason);
  }

  /** What submissions read from now on. */
  SupervisorState reading(SupervisionMode m, Long fromTimestamp, SubscribeMode subscribe) {
    return edit(
        d -> {
          d.mode = m;
          d.startingOffsetsTimestamp = fromTimestamp;
          d.subscribeMode = subscribe;
        });
  }

  /** The replay in progress (or none), remembered among the recent ones. */
  SupervisorState replaying(ReplayRecord active, ReplayRecord remembered) {
    return edit(
        d -> {
          d.activeReplay = active;
          d.recentReplays.removeIf(r -> r.replayId().equals(remembered.replayId()));
          d.recentReplays.add(remembered);
          while (d.recentReplays.size() > KEPT_REPLAYS) {
            d.recentReplays.remove(0);
          }
        });
  }

  SupervisorState cutoverStarted(String migrationId) {
    return edit(d -> d.pendingCutover = migrationId);
  }

  /** From here on every submission reads the new cluster from the migration's offsets. */
  SupervisorState onCluster(String bootstrapServers, String migrationId) {
    return edit(
        d -> {
          d.kafkaBootstrapServers = bootstrapServers;
          d.startingOffsetsMigrationId = migrationId;
          d.startingOffsetsTimestamp = null;
          d.subscribeMode = SubscribeMode.PATTERN;
        });
  }

  SupervisorState cutoverFinished(CutoverResult result) {
    return edit(
        d -> {
          d.pendingCutover = null;
          d.lastCutover = result;
        });
  }

  // ---- the UI's current details -------------------------------------------------------------

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

  // ---- the one place a copy is edited -------------------------------------------------------

  private SupervisorState edit(java.util.function.Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.build();
  }

  /** A mutable copy that never leaves this file: each transition edits one and builds it. */
  private static final class Draft {
    String tenant;
    SupervisorSettings settings;
    SupervisionMode mode = SupervisionMode.NORMAL;
    boolean paused;
    String stoppedReason;
    String submissionId;
    long submittedAtMillis;
    DriverStatus driverState;
    long runningSinceMillis;
    int consecutiveCrashes;
    long backoffUntilMillis;
    long submissions;
    String lastAction;
    long lastActionAtMillis;
    String lastError;
    Long startingOffsetsTimestamp;
    SubscribeMode subscribeMode = SubscribeMode.PATTERN;
    String deathSeenFor;
    ReplayRecord activeReplay;
    final List<ReplayRecord> recentReplays = new ArrayList<>();
    String kafkaBootstrapServers;
    String startingOffsetsMigrationId;
    String pendingCutover;
    CutoverResult lastCutover;

    Draft(String tenant, SupervisorSettings settings) {
      this.tenant = tenant;
      this.settings = settings;
    }

    Draft(SupervisorState s) {
      this(s.tenant, s.settings);
      mode = s.mode;
      paused = s.paused;
      stoppedReason = s.stoppedReason;
      submissionId = s.submissionId;
      submittedAtMillis = s.submittedAtMillis;
      driverState = s.driverState;
      runningSinceMillis = s.runningSinceMillis;
      consecutiveCrashes = s.consecutiveCrashes;
      backoffUntilMillis = s.backoffUntilMillis;
      submissions = s.submissions;
      lastAction = s.lastAction;
      lastActionAtMillis = s.lastActionAtMillis;
      lastError = s.lastError;
      startingOffsetsTimestamp = s.startingOffsetsTimestamp;
      subscribeMode = s.subscribeMode;
      deathSeenFor = s.deathSeenFor;
      activeReplay = s.activeReplay;
      recentReplays.addAll(s.recentReplays);
      kafkaBootstrapServers = s.kafkaBootstrapServers;
      startingOffsetsMigrationId = s.startingOffsetsMigrationId;
      pendingCutover = s.pendingCutover;
      lastCutover = s.lastCutover;
    }

    SupervisorState build() {
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
  }
}
