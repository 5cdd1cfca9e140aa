package io.logwise.workflows.spark;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The supervisor's audit trail in the database. */
@ActivityInterface
public interface SupervisionRecords {

  /** Upserts one replay by (tenant, replayId): who, why, when, from which time, how it ended. */
  @ActivityMethod
  void recordReplay(ReplayRecord record);
}
