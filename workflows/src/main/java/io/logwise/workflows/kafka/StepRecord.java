package io.logwise.workflows.kafka;

/**
 * One step as it went.
 *
 * @param outcome {@code RUNNING}, {@code DONE}, {@code WAITING}, {@code FAILED} or {@code SKIPPED}
 */
public record StepRecord(
    MigrationStep step,
    Outcome outcome,
    long startedAtMillis,
    long finishedAtMillis,
    String detail) {

  /** How a step ended (or that it has not). */
  public enum Outcome {
    RUNNING,
    WAITING,
    DONE,
    FAILED,
    SKIPPED
  }
}
