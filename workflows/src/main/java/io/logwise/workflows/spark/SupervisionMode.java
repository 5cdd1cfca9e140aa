package io.logwise.workflows.spark;

/** The normal job, or a replay from a timestamp. */
public enum SupervisionMode {
  NORMAL,
  REPLAY
}
