package io.logwise.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalMoto;
import io.logwise.store.CatalogChanges;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.workflows.retention.RetentionActivities.FreshnessRequest;
import io.logwise.workflows.retention.RetentionActivities.FreshnessResult;
import io.logwise.workflows.retention.RetentionActivities.LifecycleRequest;
import io.logwise.workflows.retention.RetentionActivities.LifecycleResult;
import io.logwise.workflows.retention.RetentionActivities.ServiceFreshness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class RetentionActivitiesIT {

  private static final Instant NOW = Instant.parse("2026-11-22T00:10:00Z");
  private final ObjectStores stores = new ObjectStores();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private String bucket;
  private S3Client s3;
  private ServiceDetailsDao dao;
  private RetentionActivitiesImpl activities;

  @BeforeEach
  void setUp() {
    bucket = "retention-" + UUID.randomUUID().toString().substring(0, 8);
    TenantConfig tenant = TestTenants.onMoto("acme", LocalMoto.shared().endpoint(), bucket, "");
    s3 = stores.clientFor(tenant.getObjectStore());
    s3.createBucket(b -> b.bucket(bucket));
    MysqlDataSource ds = new MysqlDataSource();
    ds.setURL(
        LocalMariaDb.shared()
            .createDatabase("ret_" + UUID.randomUUID().toString().substring(0, 8)));
    ds.setUser(LocalMariaDb.USER);
    ds.setPassword(LocalMariaDb.PASSWORD);
    dao = LogwiseDatabase.open(ds).onDemand(ServiceDetailsDao.class);
    activities =
        new RetentionActivitiesImpl(
            new TenantDirectory(List.of(tenant)),
            stores,
            dao,
            registry,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private void services(CatalogChanges.NewService... s) {
    dao.apply("acme", new CatalogChanges(List.of(s), List.of(), List.of()), NOW);
  }

  private List<LifecycleRule> rules() {
    return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
  }

  private static final LifecycleRule FOREIGN =
      LifecycleRule.builder()
          .id("archive-cleanup")
          .filter(f -> f.prefix("archive/"))
          .status("Enabled")
          .expiration(e -> e.days(365))
          .build();

  @Test
  void ownsOneRulePerServiceAndLeavesOtherRulesAlone() {
    s3.putBucketLifecycleConfiguration(
        b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(FOREIGN)));
    services(
        new CatalogChanges.NewService("orders", "", 3, "default"),
        new CatalogChanges.NewService("cart", "prod", 30, "environment"));

    LifecycleResult first = activities.reconcileLifecycle(new LifecycleRequest("acme", false));

    assertThat(first.written()).isTrue();
    assertThat(first.added()).isEqualTo(2);
    assertThat(first.foreignRules()).isEqualTo(1);
    assertThat(rules()).hasSize(3);
    assertThat(rules())
        .filteredOn(r -> r.id().equals("archive-cleanup"))
        .singleElement()
        .isEqualTo(FOREIGN);
    assertThat(rules())
        .filteredOn(r -> r.id().equals("logwise:prod:cart"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.filter().prefix()).isEqualTo("logs/env=prod/service_name=cart/");
              assertThat(r.expiration().days()).isEqualTo(30);
            });

    LifecycleResult again = activities.reconcileLifecycle(new LifecycleRequest("acme", false));
    assertThat(again.written()).as("nothing changed: no write").isFalse();

    assertThat(dao.setRetention("acme", "orders", "", 10)).isEqualTo(1);
    LifecycleResult plan = activities.reconcileLifecycle(new LifecycleRequest("acme", true));
    assertThat(plan.written()).isFalse();
    assertThat(plan.diff())
        .containsExactly("~ logwise:orders logs/service_name=orders/ expire after 10d");
    assertThat(rules())
        .filteredOn(r -> r.id().equals("logwise:orders"))
        .singleElement()
        .extracting(r -> r.expiration().days())
        .isEqualTo(3);

    activities.reconcileLifecycle(new LifecycleRequest("acme", false));
    assertThat(rules())
        .filteredOn(r -> r.id().equals("logwise:orders"))
        .singleElement()
        .extracting(r -> r.expiration().days())
        .isEqualTo(10);
  }

  @Test
  void removedServicesLoseTheirRulesAndAnEmptyDocumentIsDeleted() {
    services(new CatalogChanges.NewService("orders", "", 3, "default"));
    activities.reconcileLifecycle(new LifecycleRequest("acme", false));
    dao.deleteTenant("acme");

    LifecycleResult r = activities.reconcileLifecycle(new LifecycleRequest("acme", false));

    assertThat(r.removed()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(this::rules)
        .isInstanceOfSatisfying(
            software.amazon.awssdk.services.s3.model.S3Exception.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("NoSuchLifecycleConfiguration"));
  }

  @Test
  void moreRulesThanS3AllowsIsReportedAndNothingIsWritten() {
    s3.putBucketLifecycleConfiguration(
        b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(FOREIGN)));
    services(
        IntStream.range(0, 1000)
            .mapToObj(i -> new CatalogChanges.NewService("svc-" + i, "", 3, "default"))
            .toArray(CatalogChanges.NewService[]::new));

    LifecycleResult r = activities.reconcileLifecycle(new LifecycleRequest("acme", false));

    assertThat(r.problem()).contains("1001 lifecycle rules").contains("nothing was written");
    assertThat(r.written()).isFalse();
    assertThat(rules()).containsExactly(FOREIGN);
  }

  @Test
  void freshnessLooksAcrossMidnightNewestHourFirst() {
    s3.putObject(
        b ->
            b.bucket(bucket)
                .key(
                    "logs/service_name=healthcheck-dummy/year=2026/month=11/day=21/hour=23/minute=50/p.parquet"),
        RequestBody.fromString("x"));
    s3.putObject(
        b ->
            b.bucket(bucket)
                .key(
                    "logs/service_name=healthcheck-dummy/year=2026/month=11/day=21/hour=22/minute=59/p.parquet"),
        RequestBody.fromString("x"));
    s3.putObject(
        b ->
            b.bucket(bucket)
                .key(
                    "logs/service_name=orders/year=2026/month=11/day=22/hour=00/minute=07/p.parquet"),
        RequestBody.fromString("x"));

    FreshnessResult sample = activities.measureFreshness(new FreshnessRequest("acme", null));
    assertThat(sample.services())
        .containsExactly(new ServiceFreshness("healthcheck-dummy", 20, "2026-11-21T23:50"));

    FreshnessResult many =
        activities.measureFreshness(new FreshnessRequest("acme", List.of("orders", "silent")));
    assertThat(many.services())
        .containsExactly(
            new ServiceFreshness("orders", 3, "2026-11-22T00:07"),
            new ServiceFreshness("silent", 180, null));
    assertThat(registry.get("logwise_log_delay_minutes").tag("service", "silent").gauge().value())
        .isEqualTo(180.0);
  }
}
