package io.logwise.activities.storage;

import io.logwise.activities.Heartbeats;
import io.logwise.activities.db.DatabaseCalls;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.ObjectStoreSettings;
import io.logwise.config.RetentionSettings;
import io.logwise.config.TenantConfig;
import io.logwise.policy.catalog.ServiceKey;
import io.logwise.policy.retention.LifecyclePlan;
import io.logwise.policy.retention.LifecycleRule;
import io.logwise.policy.retention.RetentionLayout;
import io.logwise.store.ServiceDetail;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.retention.RetentionActivities;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Lifecycle retention and the expiry sweep from the database, and log freshness. */
public class RetentionActivitiesImpl implements RetentionActivities {

  private static final Logger log = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

  private final TenantDirectory tenants;
  private final ObjectStores stores;
  private final ServiceDetailsDao services;
  private final io.logwise.activities.LogwiseMeters meters;
  private final LifecycleLocks locks;
  private final Clock clock;

  public RetentionActivitiesImpl(
      TenantDirectory tenants,
      ObjectStores stores,
      ServiceDetailsDao services,
      LifecycleLocks locks,
      MeterRegistry registry,
      Clock clock) {
    this(
        tenants,
        stores,
        services,
        locks,
        new io.logwise.activities.LogwiseMeters(
            registry == null
                ? new io.micrometer.core.instrument.simple.SimpleMeterRegistry()
                : registry),
        clock);
  }

  public RetentionActivitiesImpl(
      TenantDirectory tenants,
      ObjectStores stores,
      ServiceDetailsDao services,
      LifecycleLocks locks,
      io.logwise.activities.LogwiseMeters meters,
      Clock clock) {
    this.tenants = tenants;
    this.stores = stores;
    this.services = services;
    this.locks = locks;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public LifecycleResult reconcileLifecycle(LifecycleRequest request) {
    TenantConfig t = tenants.require(request.tenant());
    ObjectStoreSettings store = t.getObjectStore();
    S3Client s3 = stores.clientFor(store);
    List<ServiceDetail> catalog = DatabaseCalls.call(() -> services.listByTenant(t.getName()));
    if (request.dryRun()) {
      return reconcile(t, s3, catalog, true);
    }
    // read, edit, write and read back under the bucket's lock: another tenant (or worker) writing
    // the same bucket's configuration in between would lose its change
    return DatabaseCalls.call(
        () ->
            locks.withBucket(
                store.getEndpoint(), store.getBucket(), () -> reconcile(t, s3, catalog, false)));
  }

  private LifecycleResult reconcile(
      TenantConfig t, S3Client s3, List<ServiceDetail> catalog, boolean dryRun) {
    ObjectStoreSettings store = t.getObjectStore();
    return s3Call(
        store,
        () -> {
          List<software.amazon.awssdk.services.s3.model.LifecycleRule> current =
              currentRules(s3, store.getBucket());
          List<software.amazon.awssdk.services.s3.model.LifecycleRule> foreign =
              current.stream().filter(r -> !owned(r, store.getLogsPrefix())).toList();
          List<LifecycleRule> ours =
              current.stream()
                  .filter(r -> owned(r, store.getLogsPrefix()))
                  .map(RetentionActivitiesImpl::ours)
                  .toList();
          RetentionLayout.Layout layout =
              RetentionLayout.plan(
                  store.getLogsPrefix(), wanted(catalog), LifecyclePlan.MAX_RULES - foreign.size());
          LifecyclePlan plan = LifecyclePlan.plan(ours, foreign.size(), layout.rules());
          boolean write = plan.needsWrite() && !dryRun;
          if (write) {
            List<software.amazon.awssdk.services.s3.model.LifecycleRule> next =
                new ArrayList<>(foreign);
            plan.ours().forEach(r -> next.add(toS3(r)));
            if (next.isEmpty()) {
              s3.deleteBucketLifecycle(b -> b.bucket(store.getBucket()));
            } else {
              s3.putBucketLifecycleConfiguration(
                  b ->
                      b.bucket(store.getBucket())
                          .lifecycleConfiguration(
                              BucketLifecycleConfiguration.builder().rules(next).build()));
            }
            readBack(s3, store.getBucket(), next);
            log.info(
                "tenant {}: lifecycle of {} updated: +{} ~{} -{} rules",
                t.getName(),
                store.getBucket(),
                plan.added().size(),
                plan.changed().size(),
                plan.removed().size());
          }
          if (plan.problem() != null) {
            log.warn("tenant {}: {}", t.getName(), plan.problem());
            meters.lifecycleProblem(t.getName());
          }
          long backstops =
              layout.services().stream()
                  .filter(e -> e.how() == RetentionLayout.How.BACKSTOP)
                  .map(RetentionLayout.Enforcement::ruleId)
                  .distinct()
                  .count();
          int serviceRules = (int) (layout.rules().size() - backstops);
          List<String> diff = plan.diff();
          return new LifecycleResult(
              plan.ours().size(),
              foreign.size(),
              plan.added().size(),
              plan.changed().size(),
              plan.removed().size(),
              write,
              dryRun,
              diff.subList(0, Math.min(100, diff.size())),
              plan.problem(),
              layout.rules().size() - serviceRules,
              serviceRules,
              (int) layout.swept());
        });
  }

  /** Every catalog service with its retention, as the layout wants them. */
  public static List<RetentionLayout.Wanted> wanted(List<ServiceDetail> catalog) {
    return catalog.stream()
        .map(
            d ->
                new RetentionLayout.Wanted(
                    new ServiceKey(d.serviceName(), d.environment()), d.retentionDays()))
        .toList();
  }

  private static boolean owned(
      software.amazon.awssdk.services.s3.model.LifecycleRule r, String logsPrefix) {
    return LifecycleRule.isOwnedBy(r.id(), prefixOf(r), logsPrefix);
  }

  private static String prefixOf(software.amazon.awssdk.services.s3.model.LifecycleRule r) {
    return r.filter() != null && r.filter().prefix() != null ? r.filter().prefix() : r.prefix();
  }

  @Override
  public SweepResult sweepExpired(SweepRequest request) {
    TenantConfig t = tenants.require(request.tenant());
    ObjectStoreSettings store = t.getObjectStore();
    RetentionSettings.Sweep bounds = t.getRetention().getSweep();
    S3Client s3 = stores.clientFor(store);
    List<ServiceDetail> catalog =
        DatabaseCalls.call(() -> services.listByTenant(t.getName())).stream()
            .sorted(
                Comparator.comparing(ServiceDetail::environment)
                    .thenComparing(ServiceDetail::serviceName))
            .toList();
    int startAt = resumeAt(request.startAt());
    List<ServiceDetail> candidates = new java.util.ArrayList<>();
    List<ServiceDetail> swept = new java.util.ArrayList<>();
    SweepResult result =
        s3Call(
            store,
            () -> {
              ExpirySweeper sweeper =
                  new ExpirySweeper(s3, store.getBucket(), store.getLogsPrefix(), clock.instant());
              List<ExpirySweeper.BucketRule> rules =
                  currentRules(s3, store.getBucket()).stream()
                      .filter(r -> ExpirationStatus.ENABLED.equals(r.status()))
                      .filter(r -> prefixOf(r) != null && r.expiration() != null)
                      .filter(r -> r.expiration().days() != null)
                      .map(r -> new ExpirySweeper.BucketRule(prefixOf(r), r.expiration().days()))
                      .toList();
              candidates.clear();
              candidates.addAll(sweeper.candidates(catalog, rules));
              swept.clear();
              if (request.dryRun()) {
                // what the coming runs take, all of them, in their order: from where the next
                // run starts round to where it started, with no run's bounds
                return sweeper.sweep(
                    rotated(candidates, startAt),
                    0,
                    true,
                    Integer.MAX_VALUE,
                    Long.MAX_VALUE,
                    Heartbeats::beat,
                    s -> {});
              }
              return sweeper.sweep(
                  candidates,
                  startAt,
                  false,
                  bounds.getMaxServicesPerRun(),
                  bounds.getMaxObjectsPerRun(),
                  Heartbeats::beat,
                  swept::add);
            });
    if (!request.dryRun()) {
      meters.sweep(t.getName(), notEnforced(t.getName(), candidates, swept), result.objects());
      log.info(
          "tenant {}: expiry sweep checked {} of {} services from {}, {} partitions, {} objects"
              + " deleted, {} not reached",
          t.getName(),
          result.checked(),
          result.candidates(),
          startAt,
          result.partitions(),
          result.objects(),
          result.notReached());
    }
    return result;
  }

  /** The list from {@code startAt} to its end, then from its start (a start out of range: 0). */
  static <T> List<T> rotated(List<T> list, int startAt) {
    int from = startAt < 0 || startAt >= list.size() ? 0 : startAt;
    List<T> out = new java.util.ArrayList<>(list.subList(from, list.size()));
    out.addAll(list.subList(0, from));
    return out;
  }

  /** How long a sweep keeps a service that no rule covers counted as enforced. */
  static final java.time.Duration SWEEP_KEEPS_ENFORCED = java.time.Duration.ofHours(24);

  /**
   * Records this run's swept services and counts the candidates (services no lifecycle rule
   * enforces) that no sweep has checked to the end within {@link #SWEEP_KEEPS_ENFORCED}: the
   * services whose retention is not enforced now, whichever run of the rotation reached them.
   */
  private int notEnforced(
      String tenant, List<ServiceDetail> candidates, List<ServiceDetail> swept) {
    long now = clock.millis();
    if (!swept.isEmpty()) {
      DatabaseCalls.run(
          () ->
              services.markSwept(
                  tenant,
                  swept.stream().map(ServiceDetail::serviceName).toList(),
                  swept.stream().map(ServiceDetail::environment).toList(),
                  now));
    }
    java.util.Map<String, Long> sweptAt = new java.util.HashMap<>();
    for (io.logwise.store.SweptAt s : DatabaseCalls.call(() -> services.sweptAt(tenant))) {
      if (s.sweptAtMs() != null) {
        sweptAt.put(s.environment() + "\u0000" + s.serviceName(), s.sweptAtMs());
      }
    }
    long since = now - SWEEP_KEEPS_ENFORCED.toMillis();
    return (int)
        candidates.stream()
            .filter(
                c -> sweptAt.getOrDefault(c.environment() + "\u0000" + c.serviceName(), 0L) < since)
            .count();
  }

  /** A retried attempt resumes at the service its last heartbeat named. */
  private static int resumeAt(int requested) {
    try {
      Optional<Integer> beat = Activity.getExecutionContext().getHeartbeatDetails(Integer.class);
      return beat.orElse(requested);
    } catch (IllegalStateException | ActivityCompletionException e) {
      return requested; // called outside an activity (tests)
    }
  }

  private static <T> T s3Call(ObjectStoreSettings store, Supplier<T> call) {
    try {
      return call.get();
    } catch (S3Exception e) {
      if (e.statusCode() == 403 || e.statusCode() == 404) {
        throw LogwiseFailures.badConfig("bucket '" + store.getBucket() + "': " + e.getMessage());
      }
      throw LogwiseFailures.unavailable("S3 failed: " + e.getMessage(), e);
    } catch (SdkClientException e) {
      throw LogwiseFailures.unavailable("S3 unreachable: " + e.getMessage(), e);
    }
  }

  /**
   * What the bucket holds now is what was just written (a writer outside Logwise, which the lock
   * does not hold back, may have changed it in between): otherwise the sync fails, to be retried.
   */
  private static void readBack(
      S3Client s3,
      String bucket,
      List<software.amazon.awssdk.services.s3.model.LifecycleRule> wrote) {
    if (!gist(currentRules(s3, bucket)).equals(gist(wrote))) {
      throw LogwiseFailures.unavailable(
          "the lifecycle of bucket "
              + bucket
              + " changed while it was written (another writer outside Logwise?); trying again",
          null);
    }
  }

  /** Each rule as id, prefix, status and days: what decides which objects go, and when. */
  private static java.util.Set<String> gist(
      List<software.amazon.awssdk.services.s3.model.LifecycleRule> rules) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (var r : rules) {
      out.add(
          r.id()
              + "|"
              + (r.filter() == null ? r.prefix() : r.filter().prefix())
              + "|"
              + r.statusAsString()
              + "|"
              + (r.expiration() == null ? null : r.expiration().days()));
    }
    return out;
  }

  private static List<software.amazon.awssdk.services.s3.model.LifecycleRule> currentRules(
      S3Client s3, String bucket) {
    try {
      return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
    } catch (S3Exception e) {
      if ("NoSuchLifecycleConfiguration"
          .equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
        return List.of();
      }
      throw e;
    }
  }

  private static LifecycleRule ours(software.amazon.awssdk.services.s3.model.LifecycleRule r) {
    Integer days = r.expiration() == null ? null : r.expiration().days();
    return new LifecycleRule(r.id(), prefixOf(r), days == null ? -1 : days);
  }

  private static software.amazon.awssdk.services.s3.model.LifecycleRule toS3(LifecycleRule r) {
    return software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
        .id(r.id())
        .filter(LifecycleRuleFilter.builder().prefix(r.prefix()).build())
        .status(ExpirationStatus.ENABLED)
        .expiration(LifecycleExpiration.builder().days(r.days()).build())
        .build();
  }

  @Override
  public FreshnessResult measureFreshness(FreshnessRequest request) {
    TenantConfig t = tenants.require(request.tenant());
    Instant now = clock.instant();
    if (request.all()) {
      return measureEveryService(t, now);
    }
    List<String> names =
        request.services() != null
            ? request.services()
            : List.of(t.getRetention().getFreshnessSampleService());
    String env = request.environment() == null ? "" : request.environment();
    List<ServiceFreshness> out = new ArrayList<>();
    s3Call(
        t.getObjectStore(),
        () -> {
          for (String service : names) {
            ServiceFreshness f =
                FreshnessProbe.measure(stores, t.getObjectStore(), service, env, now);
            out.add(f);
            record(t, f, now, true);
            Heartbeats.beat(service);
          }
          return null;
        });
    return new FreshnessResult(t.getName(), now.toEpochMilli(), out);
  }

  /**
   * Every catalog service, {@code freshness.concurrency} at a time; the latest per service goes to
   * {@code service_freshness} (what the API answers from), a sample only for the sample service;
   * samples past {@code sampleRetention} are pruned. Returns the worst few.
   */
  private FreshnessResult measureEveryService(TenantConfig t, Instant now) {
    RetentionSettings.FreshnessSettings settings = t.getRetention().getFreshness();
    List<ServiceDetail> catalog = DatabaseCalls.call(() -> services.listByTenant(t.getName()));
    String sample = t.getRetention().getFreshnessSampleService();
    boolean sampleInCatalog =
        catalog.stream().anyMatch(d -> d.serviceName().equals(sample) && d.environment().isEmpty());
    List<ServiceFreshness> measured = new ArrayList<>();
    int failed = 0;
    String firstFailure = null;
    ExecutorService pool = Executors.newFixedThreadPool(settings.getConcurrency());
    try {
      List<Future<ServiceFreshness>> futures = new ArrayList<>();
      for (ServiceDetail d : catalog) {
        futures.add(
            pool.submit(
                () ->
                    FreshnessProbe.measure(
                        stores, t.getObjectStore(), d.serviceName(), d.environment(), now)));
      }
      if (!sampleInCatalog) {
        futures.add(
            pool.submit(() -> FreshnessProbe.measure(stores, t.getObjectStore(), sample, now)));
      }
      for (Future<ServiceFreshness> f : futures) {
        try {
          ServiceFreshness r = f.get();
          measured.add(r);
          boolean isSample =
              r.service().equals(sample) && (r.environment() == null || r.environment().isEmpty());
          record(t, r, now, isSample);
        } catch (ExecutionException e) {
          failed++;
          firstFailure = firstFailure == null ? e.getCause().getMessage() : firstFailure;
        }
        if (measured.size() % 100 == 0) {
          Heartbeats.beat(measured.size());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LogwiseFailures.unavailable("freshness measurement interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    if (failed > 0 && measured.isEmpty()) {
      throw LogwiseFailures.unavailable("S3 failed for every service: " + firstFailure, null);
    }
    long keepAfter = now.minus(settings.getSampleRetention().toJavaDuration()).toEpochMilli();
    int pruned = DatabaseCalls.call(() -> services.pruneFreshnessSamples(keepAfter, 10_000));
    log.debug(
        "tenant {}: freshness of {} services measured, {} failed, {} old samples pruned",
        t.getName(),
        measured.size(),
        failed,
        pruned);
    meters.worstDelay(
        t.getName(), measured.stream().mapToInt(ServiceFreshness::delayMinutes).max().orElse(0));
    List<ServiceFreshness> worst =
        measured.stream()
            .sorted(Comparator.comparingInt(ServiceFreshness::delayMinutes).reversed())
            .limit(FreshnessResult.WORST_LISTED)
            .toList();
    return new FreshnessResult(t.getName(), now.toEpochMilli(), worst, measured.size(), failed);
  }

  private void record(TenantConfig t, ServiceFreshness f, Instant now, boolean sample) {
    String env = f.environment() == null ? "" : f.environment();
    DatabaseCalls.run(
        () -> {
          services.saveFreshness(
              t.getName(), f.service(), env, f.delayMinutes(), f.newest(), now.toEpochMilli());
          if (sample) {
            services.recordFreshness(
                t.getName(), f.service(), f.delayMinutes(), now.toEpochMilli());
          }
        });
    if (sample) {
      meters.delay(t.getName(), f.service(), f.delayMinutes());
    }
  }
}
