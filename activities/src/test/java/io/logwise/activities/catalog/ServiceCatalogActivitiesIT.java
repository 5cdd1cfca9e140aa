package io.logwise.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalMoto;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.ServiceDetail;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.catalog.CatalogSyncRequest;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class ServiceCatalogActivitiesIT {

  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  private final LocalMoto moto = LocalMoto.shared();
  private final ObjectStores stores = new ObjectStores();
  private ServiceDetailsDao dao;
  private S3Client s3;
  private String bucket;

  @BeforeEach
  void setUp() {
    LocalMariaDb db = LocalMariaDb.shared();
    MysqlDataSource ds = new MysqlDataSource();
    ds.setURL(
        db.createDatabase("cat_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_')));
    ds.setUser(LocalMariaDb.USER);
    ds.setPassword(LocalMariaDb.PASSWORD);
    dao = LogwiseDatabase.open(ds).onDemand(ServiceDetailsDao.class);
    bucket = "logs-" + UUID.randomUUID().toString().substring(0, 8);
    s3 = stores.clientFor(tenant("acme", "").getObjectStore());
    s3.createBucket(b -> b.bucket(bucket));
  }

  @AfterEach
  void tearDown() {
    stores.close();
  }

  private TenantConfig tenant(String name, String extraYaml) {
    return TestTenants.onMoto(name, moto.endpoint(), bucket, extraYaml);
  }

  private ServiceCatalogActivitiesImpl activities(TenantConfig... tenants) {
    return new ServiceCatalogActivitiesImpl(
        new TenantDirectory(List.of(tenants)), stores, dao, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void put(String key) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
  }

  private static CatalogSyncRequest sync(String tenant) {
    return new CatalogSyncRequest(tenant, "test-" + UUID.randomUUID(), "test");
  }

  @Test
  void discoversMoreThanOneListingPageOfServices() {
    IntStream.range(0, 1500)
        .forEach(
            i ->
                put(
                    String.format(
                        "logs/service_name=svc-%04d/year=2026/month=11/day=21/hour=10/minute=05/p.parquet",
                        i)));
    put("logs/_spark_metadata/0");
    put("logs/README");

    CatalogSyncResult result = activities(tenant("acme", "")).syncServiceCatalog(sync("acme"));

    assertThat(result.discovered()).isEqualTo(1500);
    assertThat(result.added()).isEqualTo(1500);
    assertThat(result.addedServices()).hasSize(CatalogSyncResult.MAX_LISTED).startsWith("svc-0000");
    List<ServiceDetail> rows = dao.listByTenant("acme");
    assertThat(rows).hasSize(1500);
    assertThat(rows.get(1499).serviceName()).isEqualTo("svc-1499");
    assertThat(rows).allSatisfy(r -> assertThat(r.retentionDays()).isEqualTo(3));
  }

  @Test
  void runningTwiceChangesNothingTheSecondTime() {
    put("logs/service_name=orders/year=2026/a");
    put("logs/service_name=cart/year=2026/a");
    ServiceCatalogActivitiesImpl impl = activities(tenant("acme", ""));

    CatalogSyncResult first = impl.syncServiceCatalog(sync("acme"));
    CatalogSyncResult second = impl.syncServiceCatalog(sync("acme"));

    assertThat(first.added()).isEqualTo(2);
    assertThat(second.added()).isZero();
    assertThat(second.removed()).isZero();
    assertThat(second.unchanged()).isEqualTo(2);
    assertThat(dao.listByTenant("acme")).hasSize(2);
  }

  @Test
  void servicesGoneFromTheBucketAreRemoved() {
    put("logs/service_name=orders/year=2026/a");
    put("logs/service_name=cart/year=2026/a");
    ServiceCatalogActivitiesImpl impl = activities(tenant("acme", ""));
    impl.syncServiceCatalog(sync("acme"));
    s3.deleteObject(b -> b.bucket(bucket).key("logs/service_name=cart/year=2026/a"));

    CatalogSyncResult result = impl.syncServiceCatalog(sync("acme"));

    assertThat(result.removedServices()).containsExactly("cart");
    assertThat(dao.listByTenant("acme"))
        .extracting(ServiceDetail::serviceName)
        .containsExactly("orders");
  }

  @Test
  void environmentLevelGetsItsOwnRetention() {
    put("logs/env=prod/service_name=orders/year=2026/a");
    put("logs/env=staging/service_name=orders/year=2026/a");
    put("logs/service_name=legacy/year=2026/a");

    activities(tenant("acme", "retention: {defaultDays: 5, environmentDays: {prod: 30}}\n"))
        .syncServiceCatalog(sync("acme"));

    assertThat(dao.listByTenant("acme"))
        .extracting(
            ServiceDetail::serviceName,
            ServiceDetail::environment,
            ServiceDetail::retentionDays,
            ServiceDetail::retentionSource)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("legacy", "", 5, "default"),
            org.assertj.core.groups.Tuple.tuple("orders", "prod", 30, "environment"),
            org.assertj.core.groups.Tuple.tuple("orders", "staging", 5, "default"));
  }

  @Test
  void tenantsSharingABucketLayoutKeepSeparateCatalogs() {
    put("logs/service_name=orders/year=2026/a");
    ServiceCatalogActivitiesImpl impl = activities(tenant("acme", ""), tenant("globex", ""));
    impl.syncServiceCatalog(sync("acme"));
    impl.syncServiceCatalog(sync("globex"));

    assertThat(dao.listByTenant("acme")).hasSize(1);
    assertThat(dao.listByTenant("globex")).hasSize(1);
  }

  @Test
  void aMissingBucketIsANonRetryableConfigFailure() {
    TenantConfig broken = TestTenants.onMoto("acme", moto.endpoint(), "no-such-bucket", "");

    assertThatThrownBy(() -> activities(broken).syncServiceCatalog(sync("acme")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(LogwiseFailures.BAD_CONFIG);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("no-such-bucket");
            });
  }

  @Test
  void anUnknownTenantIsANonRetryableFailure() {
    assertThatThrownBy(() -> activities(tenant("acme", "")).syncServiceCatalog(sync("nobody")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(LogwiseFailures.UNKNOWN_TENANT));
  }

  @Test
  void anUnreachableObjectStoreIsRetryable() {
    TenantConfig offline =
        TestTenants.onMoto("acme", java.net.URI.create("http://127.0.0.1:1"), bucket, "");

    assertThatThrownBy(() -> activities(offline).syncServiceCatalog(sync("acme")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(LogwiseFailures.UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
            });
    assertThat(dao.listByTenant("acme")).isEmpty();
  }
}
