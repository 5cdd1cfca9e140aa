package io.logwise.workflows.spark;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.logwise.policy.spark.DriverState;
import io.logwise.policy.spark.RestartBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Everything {@code spark-supervisor/<tenant>} knows: returned by the {@code state} query and
 * carried across continue-as-new. Immutable, in five parts that change together, each with its own
 * {@code with…} steps; the workflow moves the whole on with the transitions below. Times are epoch
 * millis (0 = never).
 *
 * <p>On the wire (the query's answer, {@code GET /spark}, the continue-as-new input) the parts are
 * unwrapped: the JSON is one flat object, the same as before the split, so a run carried over by an
 * older worker reads back whole ({@code SupervisorStateWireTest}).
 *
 * @param control whether an operator paused supervision or it stopped itself
 * @param driver our current driver
 * @param backoff crashes in a row and the wait they impose
 * @param reading what submissions read: the mode, where they start, the replays
 * @param cluster the Kafka cluster submissions read and the cut-overs that moved it
 * @param journal the last action and the last error, for people
 */
public record SupervisorState(
    String tenant,
    SupervisorSettings settings,
    @JsonUnwrapped Control control,
    @JsonUnwrapped Driver driver,
    @JsonUnwrapped Backoff backoff,
    @JsonUnwrapped Reading reading,
    @JsonUnwrapped Cluster cluster,
    @JsonUnwrapped Journal journal) {

  public SupervisorState {
    control = control == null ? new Control(false, null) : control;
    driver = driver == null ? Driver.NONE : driver;
    backoff = backoff == null ? Backoff.NONE : backoff;
    reading = reading == null ? Reading.NORMAL : reading;
    cluster = cluster == null ? Cluster.CONFIGURED : cluster;
    journal = journal == null ? Journal.EMPTY : journal;
  }

  static SupervisorState fresh(String tenant, SupervisorSettings settings) {
    return new SupervisorState(tenant, settings, null, null, null, null, null, null);
  }

  /**
   * Paused by an operator, or stopped by supervision itself.
   *
   * @param stoppedReason why supervision stopped itself (rejected submission), or null
   */
  public record Control(boolean paused, String stoppedReason) {

    /** Pausing keeps a stop; resuming clears it. */
    Control withPaused(boolean value) {
      return new Control(value, value ? stoppedReason : null);
    }

    Control withStopped(String reason) {
      return new Control(paused, reason);
    }
  }

  /**
   * Our driver.
   *
   * @param submissionId our current driver, or null
   * @param driverState its last seen state, {@code UNREACHABLE} when the master did not answer
   * @param submissions how many drivers this supervisor submitted
   * @param deathSeenFor the submission whose death was already counted, or null
   */
  public record Driver(
      String submissionId,
      long submittedAtMillis,
      DriverStatus driverState,
      long runningSinceMillis,
      long submissions,
      String deathSeenFor) {

    static final Driver NONE = new Driver(null, 0, null, 0, 0, null);

    Driver withState(DriverStatus state) {
      return new Driver(
          submissionId, submittedAtMillis, state, runningSinceMillis, submissions, deathSeenFor);
    }

    Driver withRunningSince(long millis) {
      return new Driver(
          submissionId, submittedAtMillis, driverState, millis, submissions, deathSeenFor);
    }

    /** This driver's death is counted (or was on purpose): never counted again. */
    Driver withDeathSeen() {
      return new Driver(submissionId, submittedAtMillis, driverState, 0, submissions, submissionId);
    }

    /** A driver of ours from now: submitted (counted, {@code SUBMITTED}) or adopted. */
    Driver withStarted(String id, long now, boolean submitted) {
      return submitted
          ? new Driver(id, now, DriverStatus.SUBMITTED, 0, submissions + 1, null)
          : new Driver(id, now, driverState, 0, submissions, null);
    }

    boolean deathCounted() {
      return submissionId != null && submissionId.equals(deathSeenFor);
    }
  }

  /**
   * The restart budget's account.
   *
   * @param consecutiveCrashes crashes in a row (reset after a stable period)
   * @param backoffUntilMillis no submission before this
   */
  public record Backoff(int consecutiveCrashes, long backoffUntilMillis) {

    static final Backoff NONE = new Backoff(0, 0);

    /** After a crash of a driver that ran from {@code runningSince} (0 = never ran). */
    static Backoff afterCrash(
        Backoff before,
        SupervisorSettings settings,
        long runningSince,
        long now,
        DoubleSupplier jitter) {
      RestartBudget budget =
          new RestartBudget(
              Duration.ofSeconds(settings.backoffBaseSeconds()),
              Duration.ofSeconds(settings.backoffCapSeconds()),
              Duration.ofSeconds(settings.stablePeriodSeconds()),
              0.2);
      int crashes =
          budget.crashesAfterDeath(
              before.consecutiveCrashes,
              runningSince == 0 ? null : Instant.ofEpochMilli(runningSince),
              Instant.ofEpochMilli(now));
      return new Backoff(
          crashes, now + budget.delayBefore(crashes, jitter.getAsDouble()).toMillis());
    }
  }

  /**
   * What submissions read.
   *
   * @param mode the normal job, or a replay
   * @param startingOffsetsTimestamp what submissions in the current mode start from, or null
   * @param subscribeMode {@code assign} during a replay, else {@code pattern}
   * @param activeReplay the replay in progress, or null
   * @param recentReplays the last replays, newest last (at most 10)
   */
  public record Reading(
      SupervisionMode mode,
      Long startingOffsetsTimestamp,
      SubscribeMode subscribeMode,
      ReplayRecord activeReplay,
      List<ReplayRecord> recentReplays) {

    static final Reading NORMAL =
        new Reading(SupervisionMode.NORMAL, null, SubscribeMode.PATTERN, null, List.of());
    private static final int KEPT_REPLAYS = 10;

    public Reading {
      mode = mode == null ? SupervisionMode.NORMAL : mode;
      subscribeMode = subscribeMode == null ? SubscribeMode.PATTERN : subscribeMode;
      recentReplays = recentReplays == null ? List.of() : List.copyOf(recentReplays);
    }

    Reading withStart(SupervisionMode m, Long fromTimestamp, SubscribeMode subscribe) {
      return new Reading(m, fromTimestamp, subscribe, activeReplay, recentReplays);
    }

    /** The replay in progress (or none), remembered among the recent ones. */
    Reading withReplay(ReplayRecord active, ReplayRecord remembered) {
      List<ReplayRecord> recent = new ArrayList<>(recentReplays);
      recent.removeIf(r -> r.replayId().equals(remembered.replayId()));
      recent.add(remembered);
      while (recent.size() > KEPT_REPLAYS) {
        recent.remove(0);
      }
      return new Reading(mode, startingOffsetsTimestamp, subscribeMode, active, recent);
    }
  }

  /**
   * The Kafka cluster submissions read.
   *
   * @param kafkaBootstrapServers the cluster submissions read since a migration's cut-over, or null
   *     for the tenant's configured one
   * @param startingOffsetsMigrationId submissions start from this migration's recorded offsets
   *     (when Spark has no checkpoint yet), or null
   * @param pendingCutover a cut-over that started and did not finish: nothing is submitted until it
   *     is retried, or null
   * @param lastCutover the last cut-over that finished, or null
   */
  public record Cluster(
      String kafkaBootstrapServers,
      String startingOffsetsMigrationId,
      String pendingCutover,
      CutoverResult lastCutover) {

    static final Cluster CONFIGURED = new Cluster(null, null, null, null);

    Cluster withCutoverStarted(String migrationId) {
      return new Cluster(
          kafkaBootstrapServers, startingOffsetsMigrationId, migrationId, lastCutover);
    }

    Cluster withServers(String bootstrapServers, String migrationId) {
      return new Cluster(bootstrapServers, migrationId, pendingCutover, lastCutover);
    }

    Cluster withCutoverFinished(CutoverResult result) {
      return new Cluster(kafkaBootstrapServers, startingOffsetsMigrationId, null, result);
    }
  }

  /** What people read first: the last action (and when) and the last error. */
  public record Journal(String lastAction, long lastActionAtMillis, String lastError) {

    static final Journal EMPTY = new Journal(null, 0, null);

    Journal withAction(String action, long now) {
      return new Journal(action, now, lastError);
    }

    Journal withError(String error) {
      return new Journal(lastAction, lastActionAtMillis, error);
    }
  }

  // ---- transitions -------------------------------------------------------------------------

  private SupervisorState with(Control c, Driver d, Backoff b, Reading r, Cluster k, Journal j) {
    return new SupervisorState(tenant, settings, c, d, b, r, k, j);
  }

  SupervisorState withSettings(SupervisorSettings next) {
    return new SupervisorState(tenant, next, control, driver, backoff, reading, cluster, journal);
  }

  private SupervisorState with(Driver d) {
    return with(control, d, backoff, reading, cluster, journal);
  }

  private SupervisorState with(Journal j) {
    return with(control, driver, backoff, reading, cluster, j);
  }

  SupervisorState acted(String action, long now) {
    return with(journal.withAction(action, now));
  }

  SupervisorState failed(String error) {
    return with(journal.withError(error));
  }

  SupervisorState unreachable(String error) {
    return with(driver.withState(DriverStatus.UNREACHABLE)).failed(error);
  }

  /**
   * After a look at our driver: its state; when it started running; and each death counted once — a
   * crash against the restart budget (the jitter drawn only then), a kill not.
   */
  SupervisorState afterLook(DriverState ours, String message, long now, DoubleSupplier jitter) {
    Driver seen = driver.withState(DriverStatus.of(ours));
    if (ours == DriverState.RUNNING && seen.runningSinceMillis() == 0) {
      seen = seen.withRunningSince(now);
    }
    boolean dead = ours != null && !ours.isAlive() && ours != DriverState.NOT_FOUND;
    if (!dead || seen.deathCounted()) {
      return with(seen);
    }
    if (!ours.isCrash()) {
      return with(seen.withDeathSeen());
    }
    Backoff next = Backoff.afterCrash(backoff, settings, seen.runningSinceMillis(), now, jitter);
    String error =
        "driver " + driver.submissionId() + " " + ours + (message == null ? "" : ": " + message);
    return with(control, seen.withDeathSeen(), next, reading, cluster, journal.withError(error));
  }

  /** The submission of a driver reading what this state says. */
  SubmitRequest submitRequest(String idempotencyKey, CheckRequest overrides) {
    return new SubmitRequest(
        tenant,
        idempotencyKey,
        reading.startingOffsetsTimestamp(),
        reading.subscribeMode(),
        overrides == null ? null : overrides.driverCores(),
        overrides == null ? null : overrides.driverMemoryGb(),
        cluster.kafkaBootstrapServers(),
        cluster.startingOffsetsMigrationId());
  }

  /** A driver of ours from now: submitted (counted, the last error cleared) or adopted. */
  SupervisorState driverStarted(String id, long now, boolean submitted) {
    SupervisorState started = with(driver.withStarted(id, now, submitted));
    return submitted ? started.failed(null) : started;
  }

  /** Our driver was stopped on purpose: its death is not a crash. */
  SupervisorState driverStopped(DriverStatus finalState) {
    return with(driver.withState(finalState).withDeathSeen());
  }

  SupervisorState freshBudget() {
    return with(control, driver, Backoff.NONE, reading, cluster, journal);
  }

  SupervisorState paused(boolean value) {
    return with(control.withPaused(value), driver, backoff, reading, cluster, journal);
  }

  SupervisorState stopped(String reason) {
    return with(control.withStopped(reason), driver, backoff, reading, cluster, journal);
  }

  /** What submissions read from now on. */
  SupervisorState reading(SupervisionMode m, Long fromTimestamp, SubscribeMode subscribe) {
    return with(
        control, driver, backoff, reading.withStart(m, fromTimestamp, subscribe), cluster, journal);
  }

  /** The replay in progress (or none), remembered among the recent ones. */
  SupervisorState replaying(ReplayRecord active, ReplayRecord remembered) {
    return with(control, driver, backoff, reading.withReplay(active, remembered), cluster, journal);
  }

  SupervisorState cutoverStarted(String migrationId) {
    return with(
        control, driver, backoff, reading, cluster.withCutoverStarted(migrationId), journal);
  }

  /** From here on every submission reads the new cluster from the migration's offsets. */
  SupervisorState onCluster(String bootstrapServers, String migrationId) {
    return with(
        control,
        driver,
        backoff,
        reading.withStart(reading.mode(), null, SubscribeMode.PATTERN),
        cluster.withServers(bootstrapServers, migrationId),
        journal);
  }

  SupervisorState cutoverFinished(CutoverResult result) {
    return with(control, driver, backoff, reading, cluster.withCutoverFinished(result), journal);
  }

  // ---- the UI's current details -------------------------------------------------------------

  String markdown() {
    StringBuilder md =
        new StringBuilder("**Spark supervisor** for `").append(tenant).append("`\n\n");
    md.append("- driver: `").append(driver.submissionId()).append("` ");
    md.append(driver.driverState()).append('\n');
    md.append("- mode: ").append(reading.mode());
    if (control.paused()) {
      md.append(" (**paused**)");
    }
    md.append('\n');
    if (control.stoppedReason() != null) {
      md.append("- **stopped**: ").append(control.stoppedReason()).append('\n');
    }
    if (cluster.pendingCutover() != null) {
      md.append("- **cut-over of migration ").append(cluster.pendingCutover());
      md.append(" unfinished**: no submissions until it is retried\n");
    }
    if (cluster.kafkaBootstrapServers() != null) {
      md.append("- Kafka: `").append(cluster.kafkaBootstrapServers()).append("` (since migration ");
      md.append(cluster.startingOffsetsMigrationId()).append(")\n");
    }
    md.append("- submissions: ").append(driver.submissions()).append(", crashes in a row: ");
    md.append(backoff.consecutiveCrashes()).append('\n');
    if (journal.lastAction() != null) {
      md.append("- last action: ").append(journal.lastAction()).append('\n');
    }
    if (journal.lastError() != null) {
      md.append("- last error: ").append(journal.lastError()).append('\n');
    }
    return md.toString();
  }
}
