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
      String problem,
      Integer backstopRules,
      Integer serviceRules,
      Integer sweptServices) {

    public LifecycleResult(
        int logwiseRules,
        int foreignRules,
        int added,
        int changed,
        int removed,
        boolean written,
        boolean dryRun,
        List<String> diff,
        String problem) {
      this(
          logwiseRules,
          foreignRules,
          added,
          changed,
          removed,
          written,
          dryRun,
          diff,
          problem,
          null,
          null,
          null);
    }
  }

  /**
   * Input of {@link #measureFreshness}.
   *
   * @param services services to measure; null for the tenant's sample service
   * @param environment the environment of the listed services ({@code null}/"" for none)
   * @param everyService measure every catalog service (bounded concurrency) and store the latest
   *     per service; the result then lists only the worst few
   */
  record FreshnessRequest(
      String tenant, List<String> services, String environment, Boolean everyService) {

    public FreshnessRequest(String tenant, List<String> services) {
      this(tenant, services, null, null);
    }

    public boolean all() {
      return Boolean.TRUE.equals(everyService);
    }
  }

  /** One service's freshness; {@code newest} is {@code YYYY-MM-DDTHH:MM} UTC or null. */
  record ServiceFreshness(String service, int delayMinutes, String newest, String environment) {

    public ServiceFreshness(String service, int delayMinutes, String newest) {
      this(service, delayMinutes, newest, null);
    }
  }

  /**
   * Freshness of the asked services, measured at one instant; {@code measured} and {@code failed}
   * count services when every service was measured ({@code services} then holds the worst {@link
   * #WORST_LISTED}).
   */
  record FreshnessResult(
      String tenant,
      long measuredAtMillis,
      List<ServiceFreshness> services,
      Integer measured,
      Integer failed) {

    public static final int WORST_LISTED = 10;

    public FreshnessResult(String tenant, long measuredAtMillis, List<ServiceFreshness> services) {
      this(tenant, measuredAtMillis, services, null, null);
    }
  }

  /**
   * Input of {@link #sweepExpired}.
   *
   * @param startAt index into the sorted list of services to sweep where this run starts (the last
   *     run's {@code nextStartAt})
   * @param dryRun list what would be deleted, delete nothing: every candidate, from {@code startAt}
   *     round to it, with no run's bounds (what the coming runs take, in their order)
   */
  record SweepRequest(String tenant, boolean dryRun, int startAt) {}

  /**
   * What one sweep run found and did.
   *
   * @param candidates services whose retention no bucket rule enforces
   * @param checked candidates looked at in this run
   * @param nextStartAt where the next run starts; 0 once a whole pass is done
   * @param partitions day or hour partitions past retention found
   * @param objects objects in them (deleted, or that would be)
   * @param plan partition prefixes with their object counts, at most {@link #MAX_LISTED}
   * @param notReached candidates this run did not get to (bounded run or failures)
   * @param failures what failed, at most {@link #MAX_LISTED}
   */
  record SweepResult(
      int candidates,
      int checked,
      int nextStartAt,
      int partitions,
      long objects,
      boolean dryRun,
      List<String> plan,
      int notReached,
      List<String> failures) {

    public static final int MAX_LISTED = 100;
  }

  /**
   * Makes the bucket's lifecycle match {@code service_details} as {@code RetentionLayout} plans it
   * within the rules S3 allows beside the foreign ones: a backstop per environment, rules for
   * shorter retentions, the rest left to {@link #sweepExpired}. Owns only {@code logwise:} rules
   * under the tenant's logs prefix; every other rule (another tenant's included) is passed through
   * as read. Read-modify-write; writes only when the document would change. Idempotent.
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

  /**
   * Deletes the time partitions past retention of the services no bucket rule enforces (whole days,
   * and hours on the boundary day; see {@code ExpiryCutoff}), bounded per run in services and
   * objects, heartbeating after each service so a retried attempt resumes there; paged listings,
   * {@code DeleteObjects} in batches of 1,000. Dry run: lists, deletes nothing.
   */
  @ActivityMethod
  SweepResult sweepExpired(SweepRequest request);
}
