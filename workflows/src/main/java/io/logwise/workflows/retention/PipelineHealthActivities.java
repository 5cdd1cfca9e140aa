package io.logwise.workflows.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** The tenant's data plane, checked end to end. */
@ActivityInterface
public interface PipelineHealthActivities {

  /** One component's health: UP, WARNING or DOWN, why, and what was seen. */
  record ComponentHealth(
      String component, String status, String message, Map<String, String> details) {}

  /** The pipeline's health: the worst of its components. */
  record PipelineHealth(
      String tenant,
      String status,
      String message,
      long checkedAtMillis,
      List<ComponentHealth> checks) {}

  /**
   * Checks Vector ({@code /health} on its API port), Kafka (a real AdminClient call: cluster
   * reachable, topics matching the pattern), Spark (a driver of the tenant's main class RUNNING)
   * and S3 (objects of the sample service in the current or previous UTC hour, bounded listing)
   * concurrently, each bounded to a few seconds, so it answers in bounded time even when a
   * component hangs. Read only.
   */
  @ActivityMethod
  PipelineHealth checkPipeline(String tenant);
}
