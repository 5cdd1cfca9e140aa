package io.logwise.workflows.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Retention and freshness of the tenant's bucket. */
@ActivityInterface
public interface RetentionActivities {

  /** Input of {@link #reconcileLifecycle}. */
  record LifecycleRequest(String tenant, boolean dryRun) {}

  /**
   * What a reconcile found and did. {@code problem} set means nothing was written (e.g. more than
   * 1,000 rules); {@code diff} lines are {@code + id …}, {@code ~ id …}, {@code - id}.
   */
  record LifecycleResult(
      int logwiseRules,
      int foreignRules,
      int added,
      int changed,
      int removed,
      boolean written,
      boolean dryRun,
      List<String> diff,
      String problem) {}

  /** Input of {@link #measureFreshness}: services to measure, or null for the tenant's sample. */
  record FreshnessRequest(String tenant, List<String> services) {}

  /** One service's freshness; {@code newest} is {@code YYYY-MM-DDTHH:MM} UTC or null. */
  record ServiceFreshness(String service, int delayMinutes, String newest) {}

  /** Freshness of the asked services, measured at one instant. */
  record FreshnessResult(String tenant, long measuredAtMillis, List<ServiceFreshness> services) {}

  /**
   * Makes the bucket's lifecycle match {@code service_details}: one expiration rule per service
   * prefix, owned by the {@code logwise:} id prefix; every other rule is passed through as read.
   * Read-modify-write; writes only when the document would change; refuses (reports {@code
   * problem}, writes nothing) past S3's 1,000 rules. Idempotent.
   */
  @ActivityMethod
  LifecycleResult reconcileLifecycle(LifecycleRequest request);

  /**
   * Newest {@code minute=} partition in the current and three previous UTC hours (newest hour
   * first, paged listings of partition prefixes only) → minutes behind now; 180 when nothing is
   * found. Records a sample per service and updates the {@code logwise_log_delay_minutes} gauge.
   */
  @ActivityMethod
  FreshnessResult measureFreshness(FreshnessRequest request);
}
