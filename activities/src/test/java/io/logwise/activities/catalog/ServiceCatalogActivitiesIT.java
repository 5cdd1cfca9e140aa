package io.logwise.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.support.MovableClock;
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
import java.time.Duration;
import java.time.Instant;
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
  private final MovableClock clock = new MovableClock(NOW);
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
        new TenantDirectory(List.of(tenants)), stores, dao, clock);
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
  void aServiceGoneFromTheBucketLeavesAfterTheGracePeriodAndComesBackWithItsOverride() {
    put("logs/service_name=orders/year=2026/a");
    put("logs/service_name=cart/year=2026/a");
    ServiceCatalogActivitiesImpl impl = activities(tenant("acme", ""));
    impl.syncServiceCatalog(sync("acme"));
    assertThat(dao.setRetention("acme", "cart", "", 45)).isEqualTo(1);
    s3.deleteObject(b -> b.bucket(bucket).key("logs/service_name=cart/year=2026/a"));

    CatalogSyncResult first = impl.syncServiceCatalog(sync("acme"));
    assertThat(first.removed()).isZero();
    assertThat(first.absent()).isEqualTo(1);
    clock.advance(Duration.ofHours(12));
    assertThat(impl.syncServiceCatalog(sync("acme")).removed()).as("12 h: in grace").isZero();
    clock.advance(Duration.ofHours(12));
    CatalogSyncResult third = impl.syncServiceCatalog(sync("acme"));
    assertThat(third.removedServices()).as("24 h and the 3rd sync").containsExactly("cart");
    assertThat(dao.listByTenant("acme"))
        .extracting(ServiceDetail::serviceName)
        .containsExactly("orders");

    put("logs/service_name=cart/year=2026/b");
    clock.advance(Duration.ofDays(3));
    CatalogSyncResult back = impl.syncServiceCatalog(sync("acme"));
    assertThat(back.restored()).isEqualTo(1);
    assertThat(back.added()).isZero();
    assertThat(dao.listByTenant("acme"))
        .filteredOn(d -> d.serviceName().equals("cart"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.retentionDays()).isEqualTo(45);
              assertThat(d.retentionSource()).isEqualTo("override");
              assertThat(d.firstSeenAt()).isEqualTo(NOW);
            });
  }

  @Test
  void aSyncRetriedAfterItCommittedCountsAnAbsenceOnceAndRemovesNothingEarly() {
    put("logs/service_name=orders/year=2026/a");
    put("logs/service_name=cart/year=2026/a");
    ServiceCatalogActivitiesImpl impl = activities(tenant("acme", ""));
    impl.syncServiceCatalog(sync("acme"));
    s3.deleteObject(b -> b.bucket(bucket).key("logs/service_name=cart/year=2026/a"));

    // Temporal runs an attempt again with the same input when the first committed but did not
    // answer (worker lost, heartbeat timeout): three attempts of one sync
    CatalogSyncRequest once = sync("acme");
    for (int attempt = 0; attempt < 3; attempt++) {
      impl.syncServiceCatalog(once);
    }
    assertThat(dao.listCatalog("acme"))
        .filteredOn(r -> r.serviceName().equals("cart"))
        .singleElement()
        .satisfies(r -> assertThat(r.absentSyncs()).isEqualTo(1));
    clock.advance(Duration.ofHours(24));
    CatalogSyncResult second = impl.syncServiceCatalog(sync("acme"));
    assertThat(second.removed()).as("24 h but only the 2nd sync: the rule wants 3").isZero();
    assertThat(impl.syncServiceCatalog(sync("acme")).removedServices()).containsExactly("cart");
  }

  /**
   * The reported mistake: a tenant pointed at a wrong bucket holding a few services removed
   * thousands, and pointing it back re-added them with default retention. Now the wrong bucket only
   * counts them absent, withholds the mass removal, and pointing back changes nothing.
   */
  @Test
  void aWrongBucketRemovesNothingAndSwitchingBackKeepsOverridesAndFirstSeen() {
    IntStream.range(0, 60)
        .forEach(i -> put(String.format("logs/service_name=svc-%02d/year=2026/a", i)));
    ServiceCatalogActivitiesImpl right = activities(tenant("acme", ""));
    right.syncServiceCatalog(sync("acme"));
    assertThat(dao.setRetention("acme", "svc-07", "", 90)).isEqualTo(1);
    String wrongBucket = "wrong-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(wrongBucket));
    IntStream.range(0, 5)
        .forEach(
            i ->
                s3.putObject(
                    b -> b.bucket(wrongBucket).key("logs/service_name=other-" + i + "/a"),
                    RequestBody.fromString("x")));
    ServiceCatalogActivitiesImpl wrong =
        activities(TestTenants.onMoto("acme", moto.endpoint(), wrongBucket, ""));

    CatalogSyncResult last = null;
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofHours(12));
      last = wrong.syncServiceCatalog(sync("acme"));
    }
    assertThat(last.removed()).isZero();
    assertThat(last.absent()).isEqualTo(60);
    assertThat(last.removalsWithheldReason()).contains("60 of 65 services").contains("20 %");
    assertThat(dao.listByTenant("acme")).hasSize(65);

    clock.advance(Duration.ofHours(1));
    CatalogSyncResult fixed = right.syncServiceCatalog(sync("acme"));
    assertThat(fixed.added()).isZero();
    assertThat(fixed.unchanged()).isEqualTo(60);
    assertThat(dao.listByTenant("acme"))
        .filteredOn(d -> d.serviceName().equals("svc-07"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.retentionDays()).isEqualTo(90);
              assertThat(d.firstSeenAt()).isEqualTo(NOW);
            });
    assertThat(dao.listCatalog("acme"))
        .filteredOn(r -> r.serviceName().startsWith("svc-"))
        .allSatisfy(r -> assertThat(r.absentSyncs()).isZero());
  }

  @Test
  void anEmptyListingTouchesNothingNotEvenLastSeen() {
    put("logs/service_name=orders/year=2026/a");
    ServiceCatalogActivitiesImpl impl = activities(tenant("acme", ""));
    impl.syncServiceCatalog(sync("acme"));
    s3.deleteObject(b -> b.bucket(bucket).key("logs/service_name=orders/year=2026/a"));
    clock.advance(Duration.ofHours(30));

    CatalogSyncResult result = impl.syncServiceCatalog(sync("acme"));

    assertThat(result.removalsWithheldReason()).contains("listed no services");
    assertThat(dao.listByTenant("acme"))
        .singleElement()
        .extracting(ServiceDetail::lastSeenAt)
        .isEqualTo(NOW);
    assertThat(dao.listCatalog("acme"))
        .singleElement()
        .extracting(r -> r.absentSyncs())
        .isEqualTo(0);
  }

  @Test
  void badKeysAreSkippedWithAReasonAndTheRestSyncs() {
    put("logs/service_name=orders/year=2026/a");
    put("logs/service_name=a%2Fb/year=2026/a");
    put("logs/service_name=/year=2026/a");
    put("logs/service_name=   /year=2026/a");
    put("logs/service_name=" + "x".repeat(256) + "/year=2026/a");
    put("logs/env=/service_name=cart/year=2026/a");
    put("logs/env=" + "e".repeat(64) + "/service_name=cart/year=2026/a");
    put("logs/env=prod/service_name=/year=2026/a");

    CatalogSyncResult result = activities(tenant("acme", "")).syncServiceCatalog(sync("acme"));

    assertThat(result.discovered()).isEqualTo(2);
    assertThat(result.skipped()).isEqualTo(6);
    assertThat(result.skippedKeys())
        .anySatisfy(k -> assertThat(k).isEqualTo("logs/service_name=/: service name is empty"))
        .anySatisfy(k -> assertThat(k).endsWith(": service name is only whitespace"))
        .anySatisfy(k -> assertThat(k).endsWith("longer than the 255 the catalog holds"))
        .anySatisfy(k -> assertThat(k).isEqualTo("logs/env=/: env is empty"))
        .anySatisfy(k -> assertThat(k).contains("env is 64 characters"))
        .anySatisfy(
            k -> assertThat(k).isEqualTo("logs/env=prod/service_name=/: service name is empty"));
    assertThat(dao.listByTenant("acme"))
        .extracting(ServiceDetail::serviceName)
        .containsExactly("a%2Fb", "orders");
  }

  /**
   * Issue 27: the catalog's collation ignores trailing spaces, so {@code pay } and {@code pay} were
   * one row: every sync reported {@code pay } added and an override meant for one changed the
   * other. A name with whitespace at either end (or a control character) is now skipped with its
   * reason, like the other bad keys, and {@code pay} keeps its own override.
   */
  @Test
  void aNameWithASpaceAtItsEndIsSkippedAndDoesNotMergeWithItsTwin() {
    put("logs/service_name=pay/year=2026/a");
    put("logs/service_name=pay /year=2026/a");
    put("logs/service_name= pay/year=2026/a");
    put("logs/env=prod /service_name=pay/year=2026/a");
    var catalog = activities(tenant("acme", ""));
    catalog.syncServiceCatalog(sync("acme"));
    dao.setRetention("acme", "pay", "", 9);

    CatalogSyncResult again = catalog.syncServiceCatalog(sync("acme"));

    assertThat(again.added()).as("nothing is added at every sync").isZero();
    assertThat(again.skippedKeys())
        .anySatisfy(
            k ->
                assertThat(k)
                    .isEqualTo(
                        "logs/service_name=pay /: service name ends with whitespace, which the"
                            + " catalog cannot tell apart"))
        .anySatisfy(k -> assertThat(k).endsWith("service name starts with whitespace"))
        .anySatisfy(
            k ->
                assertThat(k)
                    .isEqualTo(
                        "logs/env=prod /: env ends with whitespace, which the catalog cannot tell"
                            + " apart"));
    assertThat(dao.listByTenant("acme"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.serviceName()).isEqualTo("pay");
              assertThat(d.retentionDays()).isEqualTo(9);
            });
  }

  /**
   * Issue 27: one key with a control character made S3's XML listing unparsable ("An invalid XML
   * character (Unicode: 0x1)"), and the whole tenant stopped syncing. The listing asks for URL
   * encoded keys; the name is skipped with its reason and the rest syncs.
   */
  @Test
  void aKeyWithAControlCharacterIsSkippedAndTheRestSyncs() {
    put("logs/service_name=orders/year=2026/a");
    put("logs/service_name=ctl\u0001name/year=2026/a");

    CatalogSyncResult result = activities(tenant("acme", "")).syncServiceCatalog(sync("acme"));

    assertThat(result.skippedKeys())
        .containsExactly(
            "logs/service_name=ctl\u0001name/: service name contains a control character");
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
