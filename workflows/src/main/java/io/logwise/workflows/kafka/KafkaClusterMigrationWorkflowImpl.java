package io.logwise.workflows.kafka;

import io.logwise.workflows.ActivityStubs;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.kafka.MigrationActivities.ArrivalRequest;
import io.logwise.workflows.kafka.MigrationActivities.ClaimRequest;
import io.logwise.workflows.kafka.MigrationActivities.ClaimResult;
import io.logwise.workflows.kafka.MigrationActivities.CutoverRequest;
import io.logwise.workflows.kafka.MigrationActivities.DrainRequest;
import io.logwise.workflows.kafka.MigrationActivities.PreflightRequest;
import io.logwise.workflows.kafka.MigrationActivities.PreflightResult;
import io.logwise.workflows.kafka.MigrationActivities.RecoveryRequest;
import io.logwise.workflows.kafka.MigrationActivities.VectorSwitchRequest;
import io.logwise.workflows.kafka.MigrationActivities.WaitResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** Implementation of {@link KafkaClusterMigrationWorkflow}: the four steps as a checklist. */
public class KafkaClusterMigrationWorkflowImpl implements KafkaClusterMigrationWorkflow {

  private static final Logger log = Workflow.getLogger(KafkaClusterMigrationWorkflowImpl.class);
  // waits bound themselves (their timeout is in the request); a dead worker shows in 30 s
  private static final Duration LONG = Duration.ofHours(26);
  private static final Duration BEAT = Duration.ofSeconds(30);

  private final MigrationActivities steps =
      Workflow.newActivityStub(
          MigrationActivities.class,
          ActivityStubs.options(Duration.ofSeconds(30), null, 10, "migration"),
          Map.of(
              "Preflight", ActivityStubs.options(Duration.ofMinutes(10), BEAT, 5, "preflight"),
              "SwitchVector", ActivityStubs.options(LONG, BEAT, 10, "roll Vector"),
              "AwaitArrival", ActivityStubs.options(LONG, BEAT, 10, "await arrival"),
              "AwaitDrained", ActivityStubs.options(LONG, BEAT, 10, "await drain"),
              "CutOverSpark",
                  ActivityStubs.options(Duration.ofMinutes(30), BEAT, 10, "cut Spark over"),
              "AwaitRecovery", ActivityStubs.options(LONG, BEAT, 10, "await recovery")));

  /** The operator answers a gate can take. */
  private enum Answer {
    APPROVE,
    PROCEED,
    ROLLBACK
  }

  /** What the workflow is waiting for an operator to say. */
  private enum Gate {
    APPROVAL("approve (or rollback)"),
    STALLED("proceed or rollback"),
    CUTOVER_FAILED("proceed (retry the cut-over)");

    final String words;

    Gate(String words) {
      this.words = words;
    }
  }

  private MigrationInput input;
  private MigrationProgress progress;
  private Gate gate;
  private Answer answer;
  private String answeredBy;
  private boolean vectorTouched;
  private CancellationScope interruptible;
  // the claim's outcome, for the claimed update (null until the claim is made or refused)
  private MigrationStart start;

  @Override
  public MigrationProgress run(MigrationInput raw) {
    input =
        (raw == null
                ? new MigrationInput(
                    null, null, null, null, null, null, null, null, null, null, null, null)
                : raw)
            .withIdsFrom(Workflow.getInfo().getWorkflowId());
    java.util.List<String> problems = input.problems();
    if (!problems.isEmpty()) {
      String why =
          "the migration input has "
              + problems.size()
              + " problem(s): "
              + String.join("; ", problems);
      throw refused(MigrationStart.refused(MigrationStart.Outcome.INVALID, null, why));
    }
    ClaimResult claim =
        steps.claim(
            new ClaimRequest(
                input.tenant(),
                input.migrationId(),
                input.newBootstrapServers(),
                input.requestedBy(),
                input.dryRunOrDefault(),
                afterReset()));
    if (!claim.claimed()) {
      throw refused(claim.outcome());
    }
    if (claim.run() != null && !claim.run().equals(Workflow.getInfo().getRunId())) {
      // Temporal's reset made this run from a point after another run's claim: what follows
      // would repeat or skip that run's steps, and that run may have got anywhere since
      String why =
          "migration "
              + input.migrationId()
              + " was reset to a point after its claim (made by run "
              + claim.run()
              + "); reset a migration only to its first workflow task, and only after its"
              + " preflight refused it (docs/kafka.md)";
      throw refused(MigrationStart.refused(MigrationStart.Outcome.ID_USED, null, why));
    }
    answerTheStart(claim.outcome());
    progress = MigrationProgress.start(input, claim.currentBootstrapServers(), now());
    save();
    try {
      migrate();
      return progress;
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(() -> undo(MigrationStatus.CANCELLED, "cancelled"))
          .run();
      throw e;
    } catch (ActivityFailure | ApplicationFailure e) {
      String why = LogwiseFailures.rootMessage(e);
      log.warn("migration {} of {} failed: {}", input.migrationId(), input.tenant(), why);
      if (!progress.status().isFinal()) {
        progress = progress.finish(StepRecord.Outcome.FAILED, why, now());
        undo(MigrationStatus.FAILED, "failed: " + why);
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "migration " + input.migrationId() + " failed: " + why, LogwiseFailures.MIGRATION_FAILED);
    }
  }

  /**
   * The failure that ends a run whose start was refused, once a {@code claimed} update waiting for
   * the outcome has been answered (a run that ends first fails the update instead).
   */
  private ApplicationFailure refused(MigrationStart outcome) {
    answerTheStart(outcome);
    return LogwiseFailures.invalidInput(outcome.message());
  }

  /**
   * Answers a {@code claimed} update and lets it finish before the run goes on or ends: its
   * completion is in the same task as the claim's outcome, before the next step's command (a run
   * that ended first would fail the update instead). Without a waiting update (a start from the
   * Temporal CLI, histories from before the update) nothing waits and no command changes.
   */
  private void answerTheStart(MigrationStart outcome) {
    start = outcome;
    Workflow.await(Workflow::isEveryHandlerFinished);
  }

  /** A reset run keeps the started event, and with it the first run's id. */
  private static boolean afterReset() {
    String original = Workflow.getInfo().getOriginalExecutionRunId();
    return original != null
        && !original.isEmpty()
        && !original.equals(Workflow.getInfo().getRunId());
  }

  private void migrate() {
    preflight();
    if (progress.status().isFinal()) {
      return;
    }
    switchVector();
    if (progress.status().isFinal()) {
      return;
    }
    drain();
    if (progress.status().isFinal()) {
      return;
    }
    if (input.requireApprovalOrDefault()) {
      begin(MigrationStep.APPROVAL, "waiting for approve before the cut-over");
      if (waitFor(Gate.APPROVAL, "old cluster drained; the cut-over needs an approve")
          == Answer.ROLLBACK) {
        rollBack();
        return;
      }
      done("approved by " + answeredBy);
    }
    cutOver();
    verify();
  }

  // ---- the steps ---------------------------------------------------------------------------

  private void preflight() {
    begin(MigrationStep.PREFLIGHT, "checking " + input.newBootstrapServers());
    PreflightResult pre =
        steps.preflight(
            new PreflightRequest(
                input.tenant(),
                input.migrationId(),
                progress.oldBootstrapServers(),
                input.newBootstrapServers(),
                input.dryRunOrDefault()));
    for (String w : pre.warnings()) {
      progress = progress.warn(w, now());
    }
    if (!pre.problems().isEmpty()) {
      String why = String.join("; ", pre.problems());
      progress = progress.finish(StepRecord.Outcome.FAILED, why, now());
      end(MigrationStatus.FAILED, "preflight refused, nothing changed: " + why);
      throw ApplicationFailure.newNonRetryableFailure(
          "migration " + input.migrationId() + ": " + why, LogwiseFailures.MIGRATION_FAILED);
    }
    String summary =
        pre.topics()
            + " topic(s); created "
            + named(pre.created())
            + ", grown "
            + named(pre.grown())
            + " on "
            + pre.newBrokers()
            + " broker(s); "
            + pre.partitionsRecorded()
            + " start offsets recorded";
    done(summary);
    if (input.dryRunOrDefault()) {
      end(
          MigrationStatus.COMPLETED,
          "dry run: would create "
              + pre.created()
              + ", grow "
              + pre.grown()
              + ", then switch "
              + progress.vector()
              + "; nothing was changed");
    }
  }

  /** "0", or the count and the first names with their partition counts. */
  private static String named(java.util.List<String> topics) {
    if (topics.isEmpty()) {
      return "0";
    }
    int shown = Math.min(topics.size(), 20);
    return topics.size()
        + " ("
        + String.join(", ", topics.subList(0, shown))
        + (shown < topics.size() ? ", …" : "")
        + ")";
  }

  private void switchVector() {
    begin(MigrationStep.SWITCH_VECTOR, "rolling Vector onto " + input.newBootstrapServers());
    vectorTouched = true;
    Boolean rolled =
        interruptibly(
            () ->
                steps
                    .switchVector(
                        new VectorSwitchRequest(
                            input.tenant(),
                            input.migrationId(),
                            "switch",
                            input.vector(),
                            input.newBootstrapServers()))
                    .rolled());
    if (rolled == null) {
      rollBack();
      return;
    }
    WaitResult arrived =
        interruptibly(
            () ->
                steps.awaitArrival(
                    new ArrivalRequest(
                        input.tenant(),
                        input.migrationId(),
                        input.newBootstrapServers(),
                        input.arrivalTimeoutSecondsOrDefault())));
    if (arrived == null) {
      rollBack();
      return;
    }
    if (!arrived.done() && waitFor(Gate.STALLED, arrived.message()) == Answer.ROLLBACK) {
      rollBack();
      return;
    }
    done(
        arrived.done()
            ? arrived.message()
            : "operator " + answeredBy + " proceeded: " + arrived.message());
  }

  private void drain() {
    begin(MigrationStep.DRAIN, "waiting for the old cluster to go quiet and be read to the end");
    WaitResult drained =
        interruptibly(
            () ->
                steps.awaitDrained(
                    new DrainRequest(
                        input.tenant(),
                        progress.oldBootstrapServers(),
                        input.quietPeriodSecondsOrDefault(),
                        input.drainTimeoutSecondsOrDefault(),
                        input.migrationId(),
                        input.newBootstrapServers())));
    if (drained == null) {
      rollBack();
      return;
    }
    if (!drained.done() && waitFor(Gate.STALLED, drained.message()) == Answer.ROLLBACK) {
      rollBack();
      return;
    }
    done(
        drained.done()
            ? drained.message()
            : "operator " + answeredBy + " proceeded: " + drained.message());
  }

  private void cutOver() {
    begin(
        MigrationStep.CUTOVER, "stopping Spark and starting it on " + input.newBootstrapServers());
    for (int attempt = 1; ; attempt++) {
      try {
        String submission =
            steps.cutOverSpark(
                new CutoverRequest(
                    input.tenant(),
                    input.migrationId(),
                    input.newBootstrapServers(),
                    input.requestedBy(),
                    attempt));
        done(
            "driver "
                + submission
                + " reads "
                + input.newBootstrapServers()
                + " from the recorded offsets");
        return;
      } catch (ActivityFailure e) {
        waitFor(Gate.CUTOVER_FAILED, "cut-over failed: " + LogwiseFailures.rootMessage(e));
      }
    }
  }

  private void verify() {
    long since = progress.steps().get(progress.steps().size() - 1).startedAtMillis();
    begin(MigrationStep.VERIFY, "waiting for the job to read the new cluster and catch up");
    WaitResult recovered =
        steps.awaitRecovery(
            new RecoveryRequest(
                input.tenant(),
                input.migrationId(),
                input.newBootstrapServers(),
                since,
                input.recoveryTimeoutSecondsOrDefault(),
                input.freshnessBoundMinutesOrDefault()));
    if (recovered.done()) {
      done(recovered.message());
      end(MigrationStatus.COMPLETED, "migrated to " + input.newBootstrapServers());
    } else {
      progress = progress.finish(StepRecord.Outcome.FAILED, recovered.message(), now());
      progress = progress.warn("not recovered within the bound: " + recovered.message(), now());
      end(
          MigrationStatus.COMPLETED,
          "migrated to " + input.newBootstrapServers() + ", but " + recovered.message());
    }
  }

  /** Vector back to the old brokers; the migration ends ROLLED_BACK. */
  private void rollBack() {
    String who = answeredBy == null ? "an operator" : answeredBy;
    undo(MigrationStatus.ROLLED_BACK, "rolled back by " + who);
  }

  /** Puts Vector back if it was touched (never after a cut-over), then ends the migration. */
  private void undo(MigrationStatus status, String why) {
    if (vectorTouched && !progress.cutoverStarted()) {
      begin(MigrationStep.ROLLBACK, "rolling Vector back onto " + progress.oldBootstrapServers());
      try {
        steps.switchVector(
            new VectorSwitchRequest(
                input.tenant(),
                input.migrationId(),
                "rollback",
                input.vector(),
                progress.oldBootstrapServers()));
        done("Vector writes to " + progress.oldBootstrapServers() + " again");
      } catch (ActivityFailure e) {
        String message = LogwiseFailures.rootMessage(e);
        progress = progress.finish(StepRecord.Outcome.FAILED, message, now());
        progress = progress.warn("rolling Vector back failed, do it by hand: " + message, now());
      }
      vectorTouched = false;
    }
    end(status, why);
  }

  // ---- operator gates ----------------------------------------------------------------------

  /** Stops until an operator answers the gate. */
  private Answer waitFor(Gate g, String why) {
    gate = g;
    answer = null;
    progress = progress.waiting(g.words, why, now());
    save();
    Workflow.await(() -> answer != null);
    Answer a = answer;
    gate = null;
    answer = null;
    progress =
        progress.resumed(a.name().toLowerCase(java.util.Locale.ROOT) + " by " + answeredBy, now());
    save();
    return a;
  }

  /** Runs a long step so that {@code rollback} can stop it; null when it was stopped that way. */
  private <T> T interruptibly(Supplier<T> step) {
    Object[] box = new Object[1];
    interruptible = Workflow.newCancellationScope(() -> box[0] = step.get());
    try {
      interruptible.run();
      if (answer == Answer.ROLLBACK
          && Workflow.getVersion("rollback-kept-at-step-end", Workflow.DEFAULT_VERSION, 1) == 1) {
        // a rollback delivered in the same task as the step's end: it was accepted while the step
        // ran and its caller was told it was taken, so it is kept (before, the step's result won
        // and the migration went on to the cut-over)
        answer = null;
        return null;
      }
      @SuppressWarnings("unchecked")
      T result = (T) box[0];
      return result;
    } catch (ActivityFailure | CanceledFailure e) {
      if (answer == Answer.ROLLBACK) {
        answer = null;
        return null;
      }
      throw e;
    } finally {
      interruptible = null;
    }
  }

  @Override
  public MigrationStart claimed() {
    Workflow.await(() -> start != null);
    return start;
  }

  @Override
  public MigrationProgress approve(OperatorDecision d) {
    return answer(Answer.APPROVE, d);
  }

  @Override
  public void validateApprove(OperatorDecision d) {
    if (gate != Gate.APPROVAL) {
      throw new IllegalStateException(notWaiting("approve"));
    }
  }

  @Override
  public MigrationProgress proceed(OperatorDecision d) {
    return answer(Answer.PROCEED, d);
  }

  @Override
  public void validateProceed(OperatorDecision d) {
    if (gate != Gate.STALLED && gate != Gate.CUTOVER_FAILED) {
      throw new IllegalStateException(notWaiting("proceed"));
    }
  }

  @Override
  public MigrationProgress rollback(OperatorDecision d) {
    // delivered in the same task as the end of a step, the validator saw it running; by now the
    // migration may have moved on (into the cut-over, where there is no rollback)
    String refusal = rollbackRefusal();
    if (refusal != null
        && Workflow.getVersion("rollback-rechecked", Workflow.DEFAULT_VERSION, 1) == 1) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          refusal, IllegalStateException.class.getName());
    }
    if (gate == null && interruptible != null) {
      answeredBy = who(d);
      answer = Answer.ROLLBACK;
      interruptible.cancel("rollback requested by " + answeredBy);
      return progress;
    }
    return answer(Answer.ROLLBACK, d);
  }

  @Override
  public void validateRollback(OperatorDecision d) {
    String refusal = rollbackRefusal();
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
  }

  /** Why a rollback is refused now, or null. */
  private String rollbackRefusal() {
    if (progress == null || progress.status().isFinal()) {
      return "the migration has ended; nothing to roll back";
    }
    if (progress.cutoverStarted()) {
      return "the cut-over has started: there is no rollback, only a new migration back";
    }
    if (gate == null && interruptible == null) {
      return "the migration is between steps; try again in a moment (status "
          + progress.status()
          + ")";
    }
    return null;
  }

  private MigrationProgress answer(Answer a, OperatorDecision d) {
    // two answers delivered together both pass the validator (it sees the gate still open): the
    // second used to overwrite the first, and both callers were told it was taken
    if (answer != null
        && Workflow.getVersion("one-answer-per-gate", Workflow.DEFAULT_VERSION, 1) == 1) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "the gate was answered already ("
              + answer.name().toLowerCase(java.util.Locale.ROOT)
              + " by "
              + answeredBy
              + "); yours was not taken",
          IllegalStateException.class.getName());
    }
    answeredBy = who(d);
    answer = a;
    return progress;
  }

  private String notWaiting(String what) {
    return "not waiting for "
        + what
        + ": the migration is "
        + (progress == null
            ? "starting"
            : progress.status()
                + " at "
                + progress.step()
                + (progress.waitingFor() == null ? "" : ", waiting for " + progress.waitingFor()));
  }

  @Override
  public MigrationProgress progress() {
    return progress;
  }

  // ---- bookkeeping ------------------------------------------------------------------------

  private void begin(MigrationStep step, String detail) {
    progress = progress.begin(step, detail, now());
    save();
  }

  private void done(String detail) {
    progress = progress.finish(StepRecord.Outcome.DONE, detail, now());
    save();
  }

  private void end(MigrationStatus status, String detail) {
    progress = progress.ended(status, detail, now());
    save();
  }

  /** Stores the progress for the API and shows it in the UI; a database hiccup is only logged. */
  private void save() {
    Workflow.setCurrentDetails(progress.markdown());
    try {
      steps.saveProgress(progress);
    } catch (ActivityFailure e) {
      log.warn(
          "migration {}: progress not stored: {}",
          input.migrationId(),
          LogwiseFailures.rootMessage(e));
    }
  }

  private static String who(OperatorDecision d) {
    return d == null || d.requestedBy() == null ? "unknown" : d.requestedBy();
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }
}
