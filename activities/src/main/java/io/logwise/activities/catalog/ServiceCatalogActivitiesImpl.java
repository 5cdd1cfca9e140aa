package io.logwise.activities.catalog;

import io.logwise.activities.Heartbeats;
import io.logwise.activities.db.DatabaseCalls;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.storage.ServicePrefixLister;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.ObjectStoreSettings;
import io.logwise.config.TenantConfig;
import io.logwise.policy.catalog.CatalogEntry;
import io.logwise.policy.catalog.CatalogPlan;
import io.logwise.policy.catalog.CatalogReconciliation;
import io.logwise.policy.catalog.RemovalRules;
import io.logwise.policy.catalog.RetentionDefaults;
import io.logwise.policy.catalog.ServiceKey;
import io.logwise.store.CatalogChanges;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.catalog.CatalogSyncRequest;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.catalog.ServiceCatalogActivities;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Service discovery: the tenant's bucket prefixes → {@code service_details}. */
public class ServiceCatalogActivitiesImpl implements ServiceCatalogActivities {

  private static final Logger log = LoggerFactory.getLogger(ServiceCatalogActivitiesImpl.class);

  private final TenantDirectory tenants;
  private final ObjectStores objectStores;
  private final ServiceDetailsDao dao;
  private final Clock clock;
  private final io.logwise.activities.LogwiseMeters meters;

  public ServiceCatalogActivitiesImpl(
      TenantDirectory tenants, ObjectStores objectStores, ServiceDetailsDao dao, Clock clock) {
    this(tenants, objectStores, dao, clock, io.logwise.activities.LogwiseMeters.none());
  }

  public ServiceCatalogActivitiesImpl(
      TenantDirectory tenants,
      ObjectStores objectStores,
      ServiceDetailsDao dao,
      Clock clock,
      io.logwise.activities.LogwiseMeters meters) {
    this.tenants = tenants;
    this.objectStores = objectStores;
    this.dao = dao;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public CatalogSyncResult syncServiceCatalog(CatalogSyncRequest request) {
    if (request == null || request.tenant() == null) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    TenantConfig tenant = tenants.require(request.tenant());
    try {
      CatalogSyncResult result = sync(tenant, request);
      meters.catalogSync(
          tenant.getName(), true, result.discovered() + result.absent() - result.removed());
      return result;
    } catch (RuntimeException e) {
      meters.catalogSync(tenant.getName(), false, 0);
      throw e;
    }
  }

  private CatalogSyncResult sync(TenantConfig tenant, CatalogSyncRequest request) {
    ServicePrefixLister.Listing listing = discover(tenant, Heartbeats::beat);
    List<ServiceKey> discovered = listing.services();
    List<CatalogEntry> known =
        DatabaseCalls.call(() -> dao.listCatalog(tenant.getName())).stream()
            .map(
                r ->
                    new CatalogEntry(
                        new ServiceKey(r.serviceName(), r.environment()),
                        r.removedAt() != null,
                        r.absentSince(),
                        r.absentSyncs()))
            .toList();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    CatalogPlan plan = CatalogReconciliation.plan(known, discovered, now, removalRules(tenant));
    RetentionDefaults retention =
        new RetentionDefaults(
            tenant.getRetention().getDefaultDays(), tenant.getRetention().getEnvironmentDays());
    DatabaseCalls.call(
        () -> {
          dao.apply(tenant.getName(), changes(plan, retention), now, request.idempotencyKey());
          return null;
        });
    CatalogSyncResult result = summarize(discovered.size(), plan, listing.skipped());
    log.info(
        "catalog sync tenant={} key={} trigger={} discovered={} added={} restored={} absent={}"
            + " removed={} unchanged={} skipped={}{}",
        tenant.getName(),
        request.idempotencyKey(),
        request.trigger(),
        result.discovered(),
        result.added(),
        result.restored(),
        result.absent(),
        result.removed(),
        result.unchanged(),
        result.skipped(),
        plan.removalsWithheldReason() == null ? "" : " (" + plan.removalsWithheldReason() + ")");
    if (!listing.skipped().isEmpty()) {
      log.warn(
          "tenant {}: {} prefixes skipped, first: {}",
          tenant.getName(),
          listing.skipped().size(),
          listing.skipped().get(0));
    }
    return result;
  }

  private static RemovalRules removalRules(TenantConfig tenant) {
    var d = tenant.getRetention().getDiscovery();
    return new RemovalRules(
        d.getRemovalGrace().toJavaDuration(), d.getMinAbsentSyncs(), d.getMaxRemovalFraction());
  }

  private ServicePrefixLister.Listing discover(TenantConfig tenant, IntConsumer onPage) {
    ObjectStoreSettings store = tenant.getObjectStore();
    try {
      return new ServicePrefixLister(objectStores.clientFor(store))
          .list(store.getBucket(), store.getLogsPrefix(), onPage);
    } catch (NoSuchBucketException e) {
      throw LogwiseFailures.badConfig(
          "bucket '" + store.getBucket() + "' of tenant " + tenant.getName() + " does not exist");
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        throw LogwiseFailures.badConfig(
            "access to bucket '"
                + store.getBucket()
                + "' denied: "
                + e.awsErrorDetails().errorCode());
      }
      throw LogwiseFailures.unavailable("S3 listing failed: " + e.getMessage(), e);
    } catch (SdkClientException e) {
      throw LogwiseFailures.unavailable("S3 unreachable: " + e.getMessage(), e);
    }
  }

  private static CatalogChanges changes(CatalogPlan plan, RetentionDefaults retention) {
    return new CatalogChanges(
        plan.added().stream()
            .map(
                k ->
                    new CatalogChanges.NewService(
                        k.service(),
                        k.environment(),
                        retention.daysFor(k),
                        retention.daysByEnvironment().containsKey(k.environment())
                            ? "environment"
                            : "default"))
            .toList(),
        plan.restored().stream().map(ServiceCatalogActivitiesImpl::key).toList(),
        plan.seen().stream().map(ServiceCatalogActivitiesImpl::key).toList(),
        plan.absent().stream().map(ServiceCatalogActivitiesImpl::key).toList(),
        plan.removed().stream().map(ServiceCatalogActivitiesImpl::key).toList());
  }

  private static CatalogChanges.Key key(ServiceKey k) {
    return new CatalogChanges.Key(k.service(), k.environment());
  }

  private static CatalogSyncResult summarize(
      int discovered, CatalogPlan plan, List<ServicePrefixLister.Skipped> skipped) {
    return new CatalogSyncResult(
        discovered,
        plan.added().size(),
        plan.removed().size(),
        plan.unchanged(),
        names(plan.added()),
        names(plan.removed()),
        plan.removalsWithheldReason(),
        plan.restored().size(),
        plan.absent().size(),
        skipped.size(),
        skipped.stream()
            .limit(CatalogSyncResult.MAX_LISTED)
            .map(ServicePrefixLister.Skipped::toString)
            .toList());
  }

  private static List<String> names(List<ServiceKey> keys) {
    return keys.stream().limit(CatalogSyncResult.MAX_LISTED).map(ServiceKey::toString).toList();
  }
}
