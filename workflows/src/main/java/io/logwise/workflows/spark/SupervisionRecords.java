package io.logwise.workflows.spark;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The supervisor's audit trail in the database. */
@ActivityInterface
public interface SupervisionRecords {

  /** Upserts one replay by (tenant, replayId): who, why, when, from which time, how it ended. */
  @ActivityMethod
  void recordReplay(ReplayRecord record);

  /**
   * Records that the tenant's pipeline now uses another Kafka cluster (a migration's cut-over):
   * every later submission, the partition loop and the health check use it. Idempotent per
   * migration.
   */
  @ActivityMethod
  void switchCluster(ClusterSwitch change);
}
