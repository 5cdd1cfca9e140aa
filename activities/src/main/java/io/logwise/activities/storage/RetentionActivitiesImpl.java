package io.logwise.activities.storage;

import io.logwise.activities.Heartbeats;
import io.logwise.activities.db.DatabaseCalls;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.ObjectStoreSettings;
import io.logwise.config.TenantConfig;
import io.logwise.policy.retention.LifecyclePlan;
import io.logwise.policy.retention.LifecycleRule;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.retention.RetentionActivities;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Lifecycle retention from the database, and log freshness, for the tenant's bucket. */
public class RetentionActivitiesImpl implements RetentionActivities {

  private static final Logger log = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

  private final TenantDirectory tenants;
  private final ObjectStores stores;
  private final ServiceDetailsDao services;
  private final MeterRegistry registry;
  private final Clock clock;
  private final ConcurrentMap<String, AtomicInteger> delayGauges = new ConcurrentHashMap<>();

  public RetentionActivitiesImpl(
      TenantDirectory tenants,
      ObjectStores stores,
      ServiceDetailsDao services,
      MeterRegistry registry,
      Clock clock) {
    this.tenants = tenants;
    this.stores = stores;
    this.services = services;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public LifecycleResult reconcileLifecycle(LifecycleRequest request) {
    TenantConfig t = tenants.require(request.tenant());
    ObjectStoreSettings store = t.getObjectStore();
    S3Client s3 = stores.clientFor(store);
    List<LifecycleRule> wanted =
        DatabaseCalls.call(() -> services.listByTenant(t.getName())).stream()
            .map(
                d ->
                    LifecycleRule.forService(
                        store.getLogsPrefix(), d.serviceName(), d.environment(), d.retentionDays()))
            .toList();
    try {
      List<software.amazon.awssdk.services.s3.model.LifecycleRule> current =
          currentRules(s3, store.getBucket());
      List<software.amazon.awssdk.services.s3.model.LifecycleRule> foreign =
          current.stream().filter(r -> !LifecycleRule.isOwned(r.id())).toList();
      List<LifecycleRule> ours =
          current.stream()
              .filter(r -> LifecycleRule.isOwned(r.id()))
              .map(RetentionActivitiesImpl::ours)
              .toList();
      LifecyclePlan plan = LifecyclePlan.plan(ours, foreign.size(), wanted);
      boolean write = plan.needsWrite() && !request.dryRun();
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
        log.info(
            "tenant {}: lifecycle of {} updated: {}", t.getName(), store.getBucket(), plan.diff());
      }
      if (plan.problem() != null) {
        log.warn("tenant {}: {}", t.getName(), plan.problem());
      }
      List<String> diff = plan.diff();
      return new LifecycleResult(
          plan.ours().size(),
          foreign.size(),
          plan.added().size(),
          plan.changed().size(),
          plan.removed().size(),
          write,
          request.dryRun(),
          diff.subList(0, Math.min(100, diff.size())),
          plan.problem());
    } catch (S3Exception e) {
      if (e.statusCode() == 403 || e.statusCode() == 404) {
        throw LogwiseFailures.badConfig("bucket '" + store.getBucket() + "': " + e.getMessage());
      }
      throw LogwiseFailures.unavailable("S3 failed: " + e.getMessage(), e);
    } catch (SdkClientException e) {
      throw LogwiseFailures.unavailable("S3 unreachable: " + e.getMessage(), e);
    }
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
    String prefix =
        r.filter() != null && r.filter().prefix() != null ? r.filter().prefix() : r.prefix();
    Integer days = r.expiration() == null ? null : r.expiration().days();
    return new LifecycleRule(r.id(), prefix, days == null ? -1 : days);
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
    List<String> names =
        request.services() != null
            ? request.services()
            : List.of(t.getRetention().getFreshnessSampleService());
    Instant now = clock.instant();
    List<ServiceFreshness> out = new ArrayList<>();
    try {
      for (String service : names) {
        ServiceFreshness f = FreshnessProbe.measure(stores, t.getObjectStore(), service, now);
        out.add(f);
        DatabaseCalls.run(
            () ->
                services.recordFreshness(
                    t.getName(), service, f.delayMinutes(), now.toEpochMilli()));
        gauge(t.getName(), service).set(f.delayMinutes());
        Heartbeats.beat(service);
      }
    } catch (SdkClientException e) {
      throw LogwiseFailures.unavailable("S3 unreachable: " + e.getMessage(), e);
    } catch (S3Exception e) {
      throw LogwiseFailures.unavailable("S3 failed: " + e.getMessage(), e);
    }
    return new FreshnessResult(t.getName(), now.toEpochMilli(), out);
  }

  private AtomicInteger gauge(String tenant, String service) {
    return delayGauges.computeIfAbsent(
        tenant + "/" + service,
        k -> {
          AtomicInteger value = new AtomicInteger();
          if (registry != null) {
            Gauge.builder("logwise_log_delay_minutes", value, AtomicInteger::get)
                .description("Minutes between now and the newest log partition in S3")
                .tag("tenant", tenant)
                .tag("service", service)
                .register(registry);
          }
          return value;
        });
  }
}
