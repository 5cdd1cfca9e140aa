package io.logwise.workflows.kafka;

/** The steps of a cluster migration, in order. */
public enum MigrationStep {
  /** New cluster reachable, topics there, its end offsets recorded. */
  PREFLIGHT,
  /** Vector rolled onto the new brokers, records seen arriving there. */
  SWITCH_VECTOR,
  /** Old cluster quiet and fully read by the Spark job. */
  DRAIN,
  /** Waiting for an operator's go-ahead for the cut-over. */
  APPROVAL,
  /** Spark stopped, state cleared, resubmitted on the new cluster from the recorded offsets. */
  CUTOVER,
  /** The job reads the new cluster and freshness is back under the bound. */
  VERIFY,
  /** Vector pointed back at the old brokers (before a cut-over only). */
  ROLLBACK
}
