package io.logwise.workflows.spark;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The Spark job's streaming state in the tenant's bucket. */
@ActivityInterface
public interface StreamingStateActivities {

  /**
   * Backs up, then deletes, everything under the checkpoint prefix and {@code
   * <logs>/_spark_metadata/}: every object is first copied under {@code
   * logwise-backups/<tenant>/<idempotencyKey>/}, then deleted in batches of 1,000, listing page by
   * page and heartbeating. Safe to run again after a crash: copies are overwritten with the same
   * bytes and deletes of missing keys succeed. Only call it while no driver runs.
   */
  @ActivityMethod
  StateResetResult resetStreamingState(StateResetRequest request);
}
