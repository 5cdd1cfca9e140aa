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
import io.logwise.workflows.retention.RetentionActivities.SweepRequest;
import io.logwise.workflows.retention.RetentionActivities.SweepResult;
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
  private LifecycleLocks locks;
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
    org.jdbi.v3.core.Jdbi jdbi = LogwiseDatabase.open(ds);
    dao = jdbi.onDemand(ServiceDetailsDao.class);
    locks = new LifecycleLocks(jdbi, java.time.Duration.ofSeconds(30));
    activities =
        new RetentionActivitiesImpl(
            new TenantDirectory(List.of(tenant)),
            stores,
            dao,
            locks,
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

  private static String id(String service, String env) {
    return io.logwise.policy.retention.LifecycleRule.forService("logs", service, env, 1).id();
  }

  private static String backstopId(String env) {
    return io.logwise.policy.retention.LifecycleRule.backstop("logs", env, 1).id();
  }

  private LifecycleRule rule(String id) {
    return rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void backstopsPerEnvironmentRulesForShorterRetentionAndForeignRulesLeftAlone() {
    s3.putBucketLifecycleConfiguration(
        b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(FOREIGN)));
    services(
        new CatalogChanges.NewService("orders", "", 3, "default"),
        new CatalogChanges.NewService("cart", "prod", 30, "environment"));

    LifecycleResult first = activities.reconcileLifecycle(new LifecycleRequest("acme", false));

    assertThat(first.written()).isTrue();
    assertThat(first.added()).isEqualTo(2);
    assertThat(first.backstopRules()).isEqualTo(2);
    assertThat(first.sweptServices()).isZero();
    assertThat(first.foreignRules()).isEqualTo(1);
    assertThat(rules()).hasSize(3);
    assertThat(rule("archive-cleanup")).isEqualTo(FOREIGN);
    assertThat(rule(backstopId("prod")))
        .satisfies(
            r -> {
              assertThat(r.filter().prefix()).isEqualTo("logs/env=prod/");
              assertThat(r.expiration().days()).isEqualTo(30);
            });
    assertThat(rule(backstopId("")).filter().prefix()).isEqualTo("logs/service_name=");

    LifecycleResult again = activities.reconcileLifecycle(new LifecycleRequest("acme", false));
    assertThat(again.written()).as("nothing changed: no write").isFalse();

    // a longer override raises the backstop and gives the shorter service its own rule
    services(new CatalogChanges.NewService("search", "", 3, "default"));
    assertThat(dao.setRetention("acme", "orders", "", 10)).isEqualTo(1);
    LifecycleResult plan = activities.reconcileLifecycle(new LifecycleRequest("acme", true));
    assertThat(plan.written()).isFalse();
    assertThat(plan.diff())
        .containsExactlyInAnyOrder(
            "+ " + id("search", "") + " logs/service_name=search/ expire after 3d",
            "~ " + backstopId("") + " logs/service_name= expire after 10d");
    assertThat(rule(backstopId("")).expiration().days()).as("dry run").isEqualTo(3);

    activities.reconcileLifecycle(new LifecycleRequest("acme", false));
    assertThat(rule(backstopId("")).expiration().days()).isEqualTo(10);
    assertThat(rule(id("search", "")).expiration().days()).isEqualTo(3);
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

  /**
   * The reported freeze: past 1,000 rules nothing was written. 2,500 services, 1,000 of them at a
   * shorter retention than the rest, beside one foreign rule: the document is written with exactly
   * 1,000 rules and the two services that do not fit are left to the sweep, which finds them from
   * the rules actually in the bucket.
   */
  @Test
  void pastS3sRuleLimitTheRulesThatFitAreWrittenAndTheRestAreSwept() {
    s3.putBucketLifecycleConfiguration(
        b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(FOREIGN)));
    services(
        IntStream.range(0, 2500)
            .mapToObj(
                i ->
                    new CatalogChanges.NewService(
                        String.format("svc-%04d", i), "", i < 1000 ? 7 : 30, "default"))
            .toArray(CatalogChanges.NewService[]::new));

    LifecycleResult r = activities.reconcileLifecycle(new LifecycleRequest("acme", false));

    assertThat(r.problem()).isNull();
    assertThat(r.written()).isTrue();
    assertThat(rules()).hasSize(1000);
    assertThat(r.backstopRules()).isEqualTo(1);
    assertThat(r.serviceRules()).isEqualTo(998);
    assertThat(r.sweptServices()).isEqualTo(2);

    SweepResult plan = activities.sweepExpired(new SweepRequest("acme", true, 0));
    assertThat(plan.candidates()).isEqualTo(2);
  }

  @Test
  void twoTenantsSharingABucketKeepEachOthersRules() {
    TenantConfig a = onBucket("acme", "acme/logs");
    TenantConfig b = onBucket("globex", "globex/logs");
    RetentionActivitiesImpl both =
        new RetentionActivitiesImpl(
            new TenantDirectory(List.of(a, b)),
            stores,
            dao,
            locks,
            registry,
            Clock.fixed(NOW, ZoneOffset.UTC));
    dao.apply(
        "acme",
        new CatalogChanges(
            List.of(new CatalogChanges.NewService("orders", "", 3, "default")),
            List.of(),
            List.of()),
        NOW);
    dao.apply(
        "globex",
        new CatalogChanges(
            List.of(new CatalogChanges.NewService("orders", "", 9, "default")),
            List.of(),
            List.of()),
        NOW);

    both.reconcileLifecycle(new LifecycleRequest("acme", false));
    both.reconcileLifecycle(new LifecycleRequest("globex", false));
    LifecycleResult again = both.reconcileLifecycle(new LifecycleRequest("acme", false));

    assertThat(again.written()).isFalse();
    assertThat(again.foreignRules()).as("globex's rule is foreign to acme").isEqualTo(1);
    assertThat(rules())
        .extracting(r -> r.filter().prefix(), r -> r.expiration().days())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("acme/logs/service_name=", 3),
            org.assertj.core.groups.Tuple.tuple("globex/logs/service_name=", 9));
  }

  /**
   * Issue 27: each sync reads the bucket's whole lifecycle, edits its own rules and writes the
   * whole set back, so two tenants syncing at once lost one's change (4 of 10 forced pairs), once
   * leaving a rule shorter than the service's retention. Twenty rounds of both at once, each
   * changing both retentions: every rule ends at its tenant's current retention.
   */
  @Test
  void twoTenantsSyncingOneBucketAtOnceLoseNoChange() throws Exception {
    TenantConfig a = onBucket("acme", "acme/logs");
    TenantConfig b = onBucket("globex", "globex/logs");
    RetentionActivitiesImpl both =
        new RetentionActivitiesImpl(
            new TenantDirectory(List.of(a, b)),
            stores,
            dao,
            locks,
            registry,
            Clock.fixed(NOW, ZoneOffset.UTC));
    for (String t : List.of("acme", "globex")) {
      dao.apply(
          t,
          new CatalogChanges(
              List.of(new CatalogChanges.NewService("orders", "", 3, "default")),
              List.of(),
              List.of()),
          NOW);
    }
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    List<String> lost = new java.util.ArrayList<>();
    try {
      for (int round = 0; round < 20; round++) {
        int acmeDays = 2 + round;
        int globexDays = 40 + round;
        dao.setRetention("acme", "orders", "", acmeDays);
        dao.setRetention("globex", "orders", "", globexDays);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        var x =
            two.submit(
                () -> {
                  together.await();
                  return both.reconcileLifecycle(new LifecycleRequest("acme", false));
                });
        var y =
            two.submit(
                () -> {
                  together.await();
                  return both.reconcileLifecycle(new LifecycleRequest("globex", false));
                });
        x.get();
        y.get();
        var days =
            rules().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        r -> r.filter().prefix(), r -> r.expiration().days()));
        if (!Integer.valueOf(acmeDays).equals(days.get("acme/logs/service_name="))
            || !Integer.valueOf(globexDays).equals(days.get("globex/logs/service_name="))) {
          lost.add("round " + round + ": " + days);
        }
      }
    } finally {
      two.shutdownNow();
    }
    assertThat(lost).as("rounds where a tenant's change was lost").isEmpty();
  }

  private TenantConfig onBucket(String name, String logsPrefix) {
    return TestTenants.parse(
        "name: "
            + name
            + "\nspark: {masterHost: 127.0.0.1}\nkafka: {bootstrapServers: '127.0.0.1:9092'}\n"
            + "objectStore: {bucket: "
            + bucket
            + ", logsPrefix: "
            + logsPrefix
            + ", endpoint: '"
            + LocalMoto.shared().endpoint()
            + "', pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}\n");
  }

  private void put(String key) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
  }

  private List<String> keys() {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(o -> o.key())
        .sorted()
        .toList();
  }

  /**
   * At 2026-11-22T00:10Z with 7 days' retention everything before 2026-11-15T00:10Z is past it: day
   * 13 wholly, day 14 wholly; day 15 not even its first hour (it ends at 01:00). The sweep lists
   * first (dry run), then deletes exactly those, never a partition with a newer log, nor an
   * impossible partition, nor another service's.
   */
  @Test
  void theSweepDeletesExactlyThePartitionsPastRetentionAfterADryRun() {
    services(
        new CatalogChanges.NewService("orders", "", 7, "default"),
        new CatalogChanges.NewService("audit", "", 30, "override"));
    String o = "logs/service_name=orders/year=2026/month=11/";
    for (int i = 0; i < 3; i++) {
      put(o + "day=13/hour=05/minute=00/part-" + i + ".parquet");
    }
    put(o + "day=14/hour=23/minute=59/part-0.parquet");
    put(o + "day=15/hour=00/minute=00/part-0.parquet");
    put(o + "day=21/hour=10/minute=00/part-0.parquet");
    put(o + "day=xx/hour=00/minute=00/part-0.parquet");
    put("logs/service_name=orders/year=2025/month=13/day=01/part-0.parquet");
    put("logs/service_name=audit/year=2026/month=11/day=01/hour=00/minute=00/part-0.parquet");
    List<String> before = keys();

    SweepResult plan = activities.sweepExpired(new SweepRequest("acme", true, 0));
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.candidates()).as("no rules in the bucket: both are swept").isEqualTo(2);
    assertThat(plan.partitions()).isEqualTo(2);
    assertThat(plan.objects()).isEqualTo(4);
    assertThat(plan.plan()).containsExactly(o + "day=13/ (3 objects)", o + "day=14/ (1 objects)");
    assertThat(keys()).as("a dry run deletes nothing").isEqualTo(before);

    SweepResult run = activities.sweepExpired(new SweepRequest("acme", false, 0));
    assertThat(run.objects()).isEqualTo(4);
    assertThat(run.notReached()).isZero();
    assertThat(run.nextStartAt()).as("a whole pass").isZero();
    assertThat(keys())
        .containsExactlyInAnyOrder(
            o + "day=15/hour=00/minute=00/part-0.parquet",
            o + "day=21/hour=10/minute=00/part-0.parquet",
            o + "day=xx/hour=00/minute=00/part-0.parquet",
            "logs/service_name=orders/year=2025/month=13/day=01/part-0.parquet",
            "logs/service_name=audit/year=2026/month=11/day=01/hour=00/minute=00/part-0.parquet");
    assertThat(
            registry
                .get(io.logwise.activities.LogwiseMeters.SWEPT_OBJECTS)
                .tag("tenant", "acme")
                .counter()
                .count())
        .isEqualTo(4.0);
    assertThat(activities.sweepExpired(new SweepRequest("acme", false, 0)).objects())
        .as("idempotent")
        .isZero();
  }

  @Test
  void onTheBoundaryDayOnlyTheHoursPastRetentionGo() {
    RetentionActivitiesImpl later =
        new RetentionActivitiesImpl(
            new TenantDirectory(
                List.of(TestTenants.onMoto("acme", LocalMoto.shared().endpoint(), bucket, ""))),
            stores,
            dao,
            locks,
            registry,
            Clock.fixed(Instant.parse("2026-11-22T10:30:00Z"), ZoneOffset.UTC));
    services(new CatalogChanges.NewService("orders", "", 7, "default"));
    String day = "logs/service_name=orders/year=2026/month=11/day=15/";
    put(day + "hour=09/minute=59/p.parquet");
    put(day + "hour=10/minute=00/p.parquet");
    put(day + "hour=99/minute=00/p.parquet");

    later.sweepExpired(new SweepRequest("acme", false, 0));

    assertThat(keys())
        .containsExactly(day + "hour=10/minute=00/p.parquet", day + "hour=99/minute=00/p.parquet");
  }

  @Test
  void aServiceARuleAlreadyHoldsIsNotSwept() {
    services(
        new CatalogChanges.NewService("orders", "", 7, "default"),
        new CatalogChanges.NewService("audit", "", 30, "override"));
    activities.reconcileLifecycle(new LifecycleRequest("acme", false));
    put("logs/service_name=orders/year=2026/month=11/day=01/p.parquet");

    SweepResult run = activities.sweepExpired(new SweepRequest("acme", false, 0));

    assertThat(run.candidates()).isZero();
    assertThat(keys()).hasSize(1);
  }

  @Test
  void aBoundedRunStopsAndTheNextStartsWhereItStopped() {
    RetentionActivitiesImpl bounded = twoServicesPerRun(registry, NOW);
    fiveServicesEachWithAnExpiredDay();

    SweepResult first = bounded.sweepExpired(new SweepRequest("acme", false, 0));
    assertThat(first.checked()).isEqualTo(2);
    assertThat(first.nextStartAt()).isEqualTo(2);
    assertThat(first.notReached()).isEqualTo(3);
    assertThat(
            registry
                .get(io.logwise.activities.LogwiseMeters.NOT_APPLIED)
                .tag("tenant", "acme")
                .gauge()
                .value())
        .isEqualTo(3.0);
    SweepResult second = bounded.sweepExpired(new SweepRequest("acme", false, first.nextStartAt()));
    assertThat(notApplied()).as("4 of 5 swept by one run or the other").isEqualTo(1.0);
    SweepResult third = bounded.sweepExpired(new SweepRequest("acme", false, second.nextStartAt()));
    assertThat(third.nextStartAt()).isZero();
    assertThat(keys()).isEmpty();
    assertThat(notApplied())
        .as("every service was swept within the day, though this run reached only one")
        .isZero();
    assertThat(third.notReached()).as("this run's own figure").isEqualTo(4);

    // a day and a bit later: only what the next run reaches counts as enforced again (a worker
    // started then: its own registry)
    var nextDayRegistry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    RetentionActivitiesImpl nextDay =
        twoServicesPerRun(nextDayRegistry, NOW.plus(java.time.Duration.ofHours(25)));
    nextDay.sweepExpired(new SweepRequest("acme", false, 0));
    assertThat(notApplied(nextDayRegistry)).isEqualTo(3.0);
  }

  @Test
  void theDryRunShowsEveryServiceTheComingRunsTakeFromWhereTheNextStarts() {
    RetentionActivitiesImpl bounded = twoServicesPerRun(registry, NOW);
    fiveServicesEachWithAnExpiredDay();

    // the next real run starts at the fourth service (2 services a run)
    SweepResult plan = bounded.sweepExpired(new SweepRequest("acme", true, 3));
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.checked()).as("every candidate, not one run's 2").isEqualTo(5);
    assertThat(plan.notReached()).isZero();
    assertThat(plan.partitions()).isEqualTo(5);
    assertThat(plan.objects()).isEqualTo(5);
    assertThat(plan.plan())
        .extracting(p -> p.replaceAll("^logs/service_name=(svc-\\d)/.*$", "$1"))
        .as("in the order the coming runs take them")
        .containsExactly("svc-3", "svc-4", "svc-0", "svc-1", "svc-2");
    assertThat(keys()).as("a dry run deletes nothing").hasSize(5);

    // the runs then delete exactly that, two services at a time
    int next = 3;
    for (int run = 0; run < 3; run++) {
      next = bounded.sweepExpired(new SweepRequest("acme", false, next)).nextStartAt();
    }
    assertThat(keys()).isEmpty();
  }

  private double notApplied() {
    return notApplied(registry);
  }

  /** svc-0 … svc-4, 3 days each, with a partition of 2026-10-01 (past it). */
  private void fiveServicesEachWithAnExpiredDay() {
    services(
        IntStream.range(0, 5)
            .mapToObj(i -> new CatalogChanges.NewService("svc-" + i, "", 3, "default"))
            .toArray(CatalogChanges.NewService[]::new));
    IntStream.range(0, 5)
        .forEach(i -> put("logs/service_name=svc-" + i + "/year=2026/month=10/day=01/p.parquet"));
  }

  /** Activities whose sweep checks at most 2 services a run, at {@code now}. */
  private RetentionActivitiesImpl twoServicesPerRun(
      io.micrometer.core.instrument.MeterRegistry registry, java.time.Instant now) {
    return new RetentionActivitiesImpl(
        new TenantDirectory(
            List.of(
                TestTenants.onMoto(
                    "acme",
                    LocalMoto.shared().endpoint(),
                    bucket,
                    "retention: {sweep: {maxServicesPerRun: 2}}\n"))),
        stores,
        dao,
        locks,
        registry,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static double notApplied(io.micrometer.core.instrument.MeterRegistry registry) {
    return registry
        .get(io.logwise.activities.LogwiseMeters.NOT_APPLIED)
        .tag("tenant", "acme")
        .gauge()
        .value();
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
    assertThat(
            registry
                .get(io.logwise.activities.LogwiseMeters.DELAY)
                .tag("service", "silent")
                .gauge()
                .value())
        .isEqualTo(180.0);
  }

  @Test
  void impossibleMinutesAreIgnoredAndEnvironmentServicesAreMeasuredWhereTheyAre() {
    services(new CatalogChanges.NewService("cart", "prod", 3, "environment"));
    put("logs/service_name=orders/year=2026/month=11/day=22/hour=00/minute=75/p.parquet");
    put("logs/service_name=orders/year=2026/month=11/day=21/hour=23/minute=40/p.parquet");
    put("logs/env=prod/service_name=cart/year=2026/month=11/day=22/hour=00/minute=02/p.parquet");

    FreshnessResult orders =
        activities.measureFreshness(new FreshnessRequest("acme", List.of("orders")));
    assertThat(orders.services())
        .containsExactly(new ServiceFreshness("orders", 30, "2026-11-21T23:40"));
    FreshnessResult cart =
        activities.measureFreshness(new FreshnessRequest("acme", List.of("cart"), "prod", null));
    assertThat(cart.services())
        .containsExactly(new ServiceFreshness("cart", 8, "2026-11-22T00:02", "prod"));
  }

  @Test
  void everyServiceIsMeasuredAndTheLatestIsKeptPerService() {
    services(
        new CatalogChanges.NewService("orders", "", 3, "default"),
        new CatalogChanges.NewService("cart", "prod", 3, "environment"),
        new CatalogChanges.NewService("silent", "", 3, "default"));
    put("logs/service_name=orders/year=2026/month=11/day=22/hour=00/minute=07/p.parquet");
    put("logs/env=prod/service_name=cart/year=2026/month=11/day=22/hour=00/minute=02/p.parquet");
    dao.recordFreshness(
        "acme", "healthcheck-dummy", 5, NOW.minus(java.time.Duration.ofDays(31)).toEpochMilli());

    FreshnessResult all =
        activities.measureFreshness(new FreshnessRequest("acme", null, null, true));

    assertThat(all.measured()).as("3 services and the sample").isEqualTo(4);
    assertThat(all.failed()).isZero();
    assertThat(all.services().get(0).delayMinutes()).as("worst first").isEqualTo(180);
    assertThat(dao.listFreshness("acme"))
        .extracting(
            io.logwise.store.FreshnessRow::serviceName,
            io.logwise.store.FreshnessRow::environment,
            io.logwise.store.FreshnessRow::delayMinutes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("silent", "", 180),
            org.assertj.core.groups.Tuple.tuple("cart", "prod", 8),
            org.assertj.core.groups.Tuple.tuple("orders", "", 3));
    assertThat(
            dao.pruneFreshnessSamples(NOW.minus(java.time.Duration.ofDays(30)).toEpochMilli(), 10))
        .as("the 31-day-old sample was pruned by the run")
        .isZero();
  }
}
