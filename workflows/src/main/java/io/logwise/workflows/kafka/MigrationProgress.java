package io.logwise.workflows.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code kafka-migration/<tenant>/<id>} has done: the {@code progress} query's answer, the
 * API's {@code GET …/migrations/{id}} (stored after every change) and the UI's current details.
 * Immutable; each transition returns a new one.
 *
 * @param waitingFor the updates that can move it on while {@code status} is WAITING, else null
 * @param cutoverStarted once true there is no rollback, only a new migration
 */
public record MigrationProgress(
    String tenant,
    String migrationId,
    String oldBootstrapServers,
    String newBootstrapServers,
    String vector,
    boolean dryRun,
    MigrationStatus status,
    MigrationStep step,
    String waitingFor,
    boolean cutoverStarted,
    List<StepRecord> steps,
    List<String> warnings,
    String message,
    long startedAtMillis,
    long updatedAtMillis) {

  public MigrationProgress {
    steps = steps == null ? List.of() : List.copyOf(steps);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  static MigrationProgress start(MigrationInput in, String oldBootstrap, long now) {
    return new MigrationProgress(
        in.tenant(),
        in.migrationId(),
        oldBootstrap,
        in.newBootstrapServers(),
        in.vector().describe(),
        in.dryRunOrDefault(),
        MigrationStatus.RUNNING,
        MigrationStep.PREFLIGHT,
        null,
        false,
        List.of(),
        List.of(),
        "starting",
        now,
        now);
  }

  MigrationProgress begin(MigrationStep s, String detail, long now) {
    List<StepRecord> next = new ArrayList<>(steps);
    next.add(new StepRecord(s, StepRecord.Outcome.RUNNING, now, 0, detail));
    return with(
        MigrationStatus.RUNNING,
        s,
        null,
        s == MigrationStep.CUTOVER || cutoverStarted,
        next,
        warnings,
        detail,
        now);
  }

  MigrationProgress finish(StepRecord.Outcome outcome, String detail, long now) {
    List<StepRecord> next = new ArrayList<>(steps);
    if (!next.isEmpty()) {
      StepRecord last = next.remove(next.size() - 1);
      next.add(new StepRecord(last.step(), outcome, last.startedAtMillis(), now, detail));
    }
    return with(status, step, waitingFor, cutoverStarted, next, warnings, detail, now);
  }

  MigrationProgress waiting(String forWhat, String detail, long now) {
    List<StepRecord> next = new ArrayList<>(steps);
    if (!next.isEmpty()) {
      StepRecord last = next.remove(next.size() - 1);
      next.add(
          new StepRecord(
              last.step(), StepRecord.Outcome.WAITING, last.startedAtMillis(), 0, detail));
    }
    return with(
        MigrationStatus.WAITING, step, forWhat, cutoverStarted, next, warnings, detail, now);
  }

  MigrationProgress resumed(String detail, long now) {
    List<StepRecord> next = new ArrayList<>(steps);
    if (!next.isEmpty()) {
      StepRecord last = next.remove(next.size() - 1);
      next.add(
          new StepRecord(
              last.step(), StepRecord.Outcome.RUNNING, last.startedAtMillis(), 0, detail));
    }
    return with(MigrationStatus.RUNNING, step, null, cutoverStarted, next, warnings, detail, now);
  }

  MigrationProgress warn(String warning, long now) {
    List<String> next = new ArrayList<>(warnings);
    next.add(warning);
    return with(status, step, waitingFor, cutoverStarted, steps, next, message, now);
  }

  MigrationProgress ended(MigrationStatus end, String detail, long now) {
    return with(end, step, null, cutoverStarted, steps, warnings, detail, now);
  }

  private MigrationProgress with(
      MigrationStatus st,
      MigrationStep sp,
      String waiting,
      boolean cutover,
      List<StepRecord> s,
      List<String> w,
      String msg,
      long now) {
    return new MigrationProgress(
        tenant,
        migrationId,
        oldBootstrapServers,
        newBootstrapServers,
        vector,
        dryRun,
        st,
        sp,
        waiting,
        cutover,
        s,
        w,
        msg,
        startedAtMillis,
        now);
  }

  /** The UI's current details. */
  String markdown() {
    StringBuilder md = new StringBuilder("**Kafka cluster migration** `" + migrationId + "` for `");
    md.append(tenant).append("`").append(dryRun ? " (dry run)" : "").append("\n\n");
    md.append("- `")
        .append(oldBootstrapServers)
        .append("` → `")
        .append(newBootstrapServers)
        .append("`\n");
    md.append("- status: **").append(status).append("**, step ").append(step);
    if (waitingFor != null) {
      md.append(" — waiting for ").append(waitingFor);
    }
    md.append("\n- ").append(message).append('\n');
    for (StepRecord s : steps) {
      md.append("  - ").append(s.step()).append(": ").append(s.outcome());
      if (s.detail() != null) {
        md.append(" — ").append(s.detail());
      }
      md.append('\n');
    }
    for (String w : warnings) {
      md.append("- warning: ").append(w).append('\n');
    }
    return md.toString();
  }
}
