package io.logwise.workflows.spark;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code spark-supervisor/<tenant>}: keeps exactly one driver of the tenant's Spark job alive.
 *
 * <p>Every {@code pollIntervalSeconds} it observes the master and decides with {@code
 * SupervisorPolicy}: anything alive (SUBMITTED, RUNNING, RELAUNCHING, UNKNOWN), a submission
 * younger than the grace period, or another live driver of the tenant's main class (adopted) means
 * no submission. Crashes (FAILED, ERROR, FINISHED) spend a restart budget with exponential backoff
 * that a stable run refills; a KILLED driver is restarted at once. A rejected submission stops
 * supervision until {@code resume}. An unreachable master is retried at the next poll and never
 * leads to a submission. Handlers and the loop share one lock, so no two act at once. Continues as
 * new past {@code maxHistoryEvents}.
 */
@WorkflowInterface
public interface SparkSupervisorWorkflow {

  @WorkflowMethod
  void run(SparkSupervisorInput input);

  /** Observes now and acts as the loop would; answers what it saw and did. */
  @UpdateMethod
  CheckResult checkNow(CheckRequest request);

  /**
   * Kills the driver, backs up and clears the streaming state, and submits a replay driver that
   * reads Kafka from {@code fromTimestamp} ({@code subscribeMode=assign}). Recorded in {@code
   * spark_replay}. At {@code resumeAt}, or on {@code endReplay}, the normal job comes back.
   */
  /**
   * Refuses (with {@code LogwiseFailures.HISTORY_FULL}) while the run's history is past its limit
   * and it is about to continue as new; the API sends the check again. The same guards pause,
   * resume and restart; replay, endReplay and cutover check it in their own validators.
   */
  @UpdateValidatorMethod(updateName = "checkNow")
  void validateCheckNow(CheckRequest request);

  @UpdateValidatorMethod(updateName = "pause")
  void validatePause(ControlRequest request);

  @UpdateValidatorMethod(updateName = "resume")
  void validateResume(ControlRequest request);

  @UpdateValidatorMethod(updateName = "restart")
  void validateRestart(ControlRequest request);

  @UpdateMethod
  ReplayStarted replay(ReplayRequest request);

  /** Refuses replays into the future, older than the allowed age, or while one is active. */
  @UpdateValidatorMethod(updateName = "replay")
  void validateReplay(ReplayRequest request);

  /**
   * Ends the active replay: stops the replay driver, clears its state and starts the normal
   * pattern-subscribing job from the time the replay driver stopped minus the overlap — never from
   * {@code latest}, so nothing is skipped.
   */
  @UpdateMethod
  SupervisorState endReplay(ControlRequest request);

  @UpdateValidatorMethod(updateName = "endReplay")
  void validateEndReplay(ControlRequest request);

  /** Stops watching (and restarting) the driver; the driver itself keeps running. */
  @UpdateMethod
  SupervisorState pause(ControlRequest request);

  /** Watches again; also clears a stop caused by a rejected submission. */
  @UpdateMethod
  SupervisorState resume(ControlRequest request);

  /** Kills the driver and submits a fresh one now, with a fresh restart budget. */
  @UpdateMethod
  CheckResult restart(ControlRequest request);

  /**
   * A Kafka cluster migration's cut-over: stops the driver and waits until it is gone, backs up and
   * clears the streaming state, records the tenant's new brokers, and submits on them from the
   * offsets the migration recorded. Until it has finished nothing else is submitted, so a failed
   * cut-over can never start a driver on the wrong cluster or from a stale checkpoint; a retry
   * carries on. Idempotent per migration: a finished cut-over answers its result again.
   */
  @UpdateMethod
  CutoverResult cutover(CutoverCommand command);

  /** Refuses a cut-over while a replay is active or supervision is paused or stopped. */
  @UpdateValidatorMethod(updateName = "cutover")
  void validateCutover(CutoverCommand command);

  /** New tunables from configuration; non-null fields replace the current ones. */
  @SignalMethod
  void applySettings(SupervisorSettings settings);

  @QueryMethod
  SupervisorState state();
}
