package io.logwise.workflows.kafka;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * A cluster migration's hands. Every method is safe to repeat: the migration id (and a purpose)
 * keys each side effect, so a worker that dies mid-step and a retried attempt never act twice.
 */
@ActivityInterface
public interface MigrationActivities {

  /**
   * Input of {@link #claim}.
   *
   * @param afterReset the run was made by Temporal's reset of this migration's workflow: it may
   *     take the slot of its own earlier attempt again if that attempt changed nothing
   */
  record ClaimRequest(
      String tenant,
      String migrationId,
      String newBootstrapServers,
      String requestedBy,
      boolean dryRun,
      boolean afterReset) {

    public ClaimRequest(
        String tenant,
        String migrationId,
        String newBootstrapServers,
        String requestedBy,
        boolean dryRun) {
      this(tenant, migrationId, newBootstrapServers, requestedBy, dryRun, false);
    }
  }

  /**
   * @param claimed false when another migration of the tenant is running ({@code holder})
   * @param currentBootstrapServers the cluster the tenant's pipeline uses now (the old one)
   * @param run the workflow run that made the claim (null in results recorded before it was kept):
   *     a run that Temporal's reset made after the claim replays the claim of another run
   * @param refusal why it was refused (null when claimed, and in results recorded before it was
   *     kept: {@link #outcome} tells then from the holder)
   */
  record ClaimResult(
      boolean claimed,
      String holder,
      String currentBootstrapServers,
      String problem,
      String run,
      MigrationStart.Outcome refusal) {

    public ClaimResult(
        boolean claimed, String holder, String currentBootstrapServers, String problem) {
      this(claimed, holder, currentBootstrapServers, problem, null, null);
    }

    /** A claim made by {@code run}. */
    public static ClaimResult made(String currentBootstrapServers, String run) {
      return new ClaimResult(true, null, currentBootstrapServers, null, run, null);
    }

    /** A refusal: {@code holder} runs (or null), {@code problem} says why. */
    public static ClaimResult refused(
        MigrationStart.Outcome refusal,
        String holder,
        String currentBootstrapServers,
        String problem) {
      return new ClaimResult(false, holder, currentBootstrapServers, problem, null, refusal);
    }

    /** What a start learns from this claim. */
    public MigrationStart outcome() {
      if (claimed) {
        return MigrationStart.claimed(currentBootstrapServers);
      }
      MigrationStart.Outcome why =
          refusal != null
              ? refusal
              : holder != null ? MigrationStart.Outcome.RUNNING : MigrationStart.Outcome.ID_USED;
      return MigrationStart.refused(why, holder, problem);
    }
  }

  /** Input of {@link #preflight}. */
  record PreflightRequest(
      String tenant,
      String migrationId,
      String oldBootstrapServers,
      String newBootstrapServers,
      boolean dryRun) {}

  /**
   * @param problems reasons the migration cannot go on (nothing was changed when non-empty)
   */
  record PreflightResult(
      int topics,
      int newBrokers,
      List<String> created,
      List<String> grown,
      int partitionsRecorded,
      long recordedOffsetSum,
      List<String> warnings,
      List<String> problems) {
    public PreflightResult {
      created = created == null ? List.of() : List.copyOf(created);
      grown = grown == null ? List.of() : List.copyOf(grown);
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
      problems = problems == null ? List.of() : List.copyOf(problems);
    }
  }

  /** Input of {@link #switchVector}; {@code purpose} is {@code switch} or {@code rollback}. */
  record VectorSwitchRequest(
      String tenant,
      String migrationId,
      String purpose,
      VectorTarget target,
      String bootstrapServers) {}

  /** What the switch did; {@code rolled} false when the rollout had already been done. */
  record VectorSwitchResult(boolean changedConfig, boolean rolled, int instances, String message) {}

  /** Input of {@link #awaitArrival}. */
  record ArrivalRequest(
      String tenant, String migrationId, String newBootstrapServers, long timeoutSeconds) {}

  /** Input of {@link #awaitDrained}. */
  record DrainRequest(
      String tenant,
      String oldBootstrapServers,
      long quietPeriodSeconds,
      long timeoutSeconds,
      String migrationId,
      String newBootstrapServers) {

    /** As recorded before the drain kept the topics in parity (no migration id, no new cluster). */
    public DrainRequest(
        String tenant, String oldBootstrapServers, long quietPeriodSeconds, long timeoutSeconds) {
      this(tenant, oldBootstrapServers, quietPeriodSeconds, timeoutSeconds, null, null);
    }
  }

  /**
   * Input of {@link #cutOverSpark}; {@code attempt} counts operator retries after a failed cut-over
   * (each is a new update on the supervisor; a retried activity joins the same one).
   */
  record CutoverRequest(
      String tenant,
      String migrationId,
      String newBootstrapServers,
      String requestedBy,
      int attempt) {}

  /** Input of {@link #awaitRecovery}. */
  record RecoveryRequest(
      String tenant,
      String migrationId,
      String newBootstrapServers,
      long sinceMillis,
      long timeoutSeconds,
      int freshnessBoundMinutes) {}

  /** The answer of a bounded wait: done, or not within the time, and what was seen. */
  record WaitResult(boolean done, String message) {}

  /**
   * Takes the tenant's single migration slot (the database row of this migration, active). A second
   * call for the same migration is a success; another migration running refuses with its id.
   */
  @ActivityMethod
  ClaimResult claim(ClaimRequest request);

  /** Stores the progress for the API; releases the tenant's slot once the status is final. */
  @ActivityMethod
  void saveProgress(MigrationProgress progress);

  /**
   * Step 1: the new cluster answers; every topic matching the tenant's pattern on the old cluster
   * exists on the new one with at least the old partition count (missing topics are created with
   * the old replication factor, capped at the new cluster's broker count with a warning; smaller
   * ones are grown); then the new cluster's end offsets are recorded per partition (the first
   * recording wins on a retry). Also checks that {@code spark-supervisor/<tenant>} runs and replays
   * nothing. Dry run: only reports. Problems in the answer mean nothing was changed.
   */
  @ActivityMethod
  PreflightResult preflight(PreflightRequest request);

  /**
   * Steps 2 and rollback: writes the bootstrap list where Vector reads it, then rolls Vector
   * (Deployment restart, or ASG instances replaced one at a time) and waits, heartbeating, until
   * every instance runs the new configuration. Keyed by migration and purpose: a rollout already
   * started is waited for, never started again.
   */
  @ActivityMethod
  VectorSwitchResult switchVector(VectorSwitchRequest request);

  /** Waits (heartbeating) until an end offset on the new cluster moves past the recording. */
  @ActivityMethod
  WaitResult awaitArrival(ArrivalRequest request);

  /**
   * Step 3: waits (heartbeating) until the old cluster has received nothing for the quiet period
   * and the Spark job has read everything it holds (its batch end offsets reach the cluster's end
   * offsets). {@code done=false} after the timeout, with what is still unread.
   */
  @ActivityMethod
  WaitResult awaitDrained(DrainRequest request);

  /**
   * Step 4: asks {@code spark-supervisor/<tenant>} (update {@code cutover}, update id keyed by the
   * migration) to stop the driver, back up and clear the streaming state, switch the tenant's
   * brokers, and submit on the new cluster from the recorded offsets; waits, heartbeating, for its
   * answer. A retry joins the same update: never a second driver.
   */
  @ActivityMethod
  String cutOverSpark(CutoverRequest request);

  /**
   * Waits (heartbeating) until the job's batches come from the new cluster at or past the recorded
   * offsets and, when a bound is set, the freshness of the sample service is within it.
   */
  @ActivityMethod
  WaitResult awaitRecovery(RecoveryRequest request);
}
