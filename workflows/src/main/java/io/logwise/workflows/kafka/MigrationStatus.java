package io.logwise.workflows.kafka;

/** Where a migration stands. */
public enum MigrationStatus {
  RUNNING,
  /** Stopped until an operator decides ({@code approve}, {@code proceed} or {@code rollback}). */
  WAITING,
  COMPLETED,
  ROLLED_BACK,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this == COMPLETED || this == ROLLED_BACK || this == FAILED || this == CANCELLED;
  }
}
