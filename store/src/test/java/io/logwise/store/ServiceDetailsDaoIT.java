package io.logwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.store.CatalogChanges.Key;
import io.logwise.store.CatalogChanges.NewService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceDetailsDaoIT {

  private static final Instant T0 = Instant.parse("2026-11-21T10:15:30Z");
  private Jdbi jdbi;
  private ServiceDetailsDao dao;

  @BeforeEach
  void setUp() {
    DataSource ds = TestDataSources.freshDatabase();
    jdbi = LogwiseDatabase.open(ds);
    dao = jdbi.onDemand(ServiceDetailsDao.class);
  }

  @Test
  void migrationsAreIdempotent() {
    DataSource ds = TestDataSources.freshDatabase();
    assertThat(LogwiseDatabase.migrate(ds).migrationsExecuted).isPositive();
    assertThat(LogwiseDatabase.migrate(ds).migrationsExecuted).isZero();
  }

  @Test
  void insertedServicesAreListedPerTenantWithTheirRetention() {
    dao.apply(
        "acme",
        new CatalogChanges(
            List.of(
                new NewService("orders", "", 3, "default"),
                new NewService("cart", "prod", 30, "environment")),
            List.of(),
            List.of()),
        T0);
    dao.apply(
        "globex",
        new CatalogChanges(
            List.of(new NewService("orders", "", 7, "default")), List.of(), List.of()),
        T0);

    List<ServiceDetail> acme = dao.listByTenant("acme");
    assertThat(acme)
        .extracting(
            ServiceDetail::serviceName, ServiceDetail::environment, ServiceDetail::retentionDays)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cart", "prod", 30),
            org.assertj.core.groups.Tuple.tuple("orders", "", 3));
    assertThat(acme.get(0).firstSeenAt()).isEqualTo(T0);
    assertThat(acme.get(0).retentionSource()).isEqualTo("environment");
    assertThat(dao.listByTenant("globex"))
        .singleElement()
        .extracting(ServiceDetail::retentionDays)
        .isEqualTo(7);
  }

  @Test
  void applyingTheSameChangesTwiceKeepsOneRowAndTheFirstSeenTime() {
    CatalogChanges add =
        new CatalogChanges(
            List.of(new NewService("orders", "", 3, "default")), List.of(), List.of());
    dao.apply("acme", add, T0);
    Instant later = T0.plus(1, ChronoUnit.HOURS);
    dao.apply("acme", add, later);

    assertThat(dao.listByTenant("acme"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.firstSeenAt()).isEqualTo(T0);
              assertThat(s.lastSeenAt()).isEqualTo(later);
            });
  }

  @Test
  void seenServicesAreTouchedAndRemovedOnesDeleted() {
    dao.apply(
        "acme",
        new CatalogChanges(
            List.of(
                new NewService("orders", "", 3, "default"),
                new NewService("cart", "", 3, "default")),
            List.of(),
            List.of()),
        T0);
    Instant later = T0.plus(15, ChronoUnit.MINUTES);
    dao.apply(
        "acme",
        new CatalogChanges(List.of(), List.of(new Key("orders", "")), List.of(new Key("cart", ""))),
        later);

    assertThat(dao.listByTenant("acme"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.serviceName()).isEqualTo("orders");
              assertThat(s.lastSeenAt()).isEqualTo(later);
            });
  }

  @Test
  void aFailedBatchRollsBackTheWholeSync() {
    String tooLong = "x".repeat(300);
    assertThatThrownBy(
            () ->
                dao.apply(
                    "acme",
                    new CatalogChanges(
                        List.of(
                            new NewService("orders", "", 3, "default"),
                            new NewService(tooLong, "", 3, "default")),
                        List.of(),
                        List.of()),
                    T0))
        .isInstanceOf(Exception.class);
    assertThat(dao.listByTenant("acme")).isEmpty();
  }

  @Test
  void aRetriedSyncCountsAnAbsenceOnce() {
    dao.apply(
        "acme",
        new CatalogChanges(
            List.of(new NewService("orders", "", 3, "default")), List.of(), List.of()),
        T0);
    Key orders = new Key("orders", "");
    CatalogChanges absent =
        new CatalogChanges(List.of(), List.of(), List.of(), List.of(orders), List.of());
    // the activity committed, then failed before answering, and Temporal ran it again
    dao.apply("acme", absent, T0, "run-1/sync-1");
    dao.apply("acme", absent, T0, "run-1/sync-1");
    assertThat(dao.listCatalog("acme").get(0).absentSyncs()).isEqualTo(1);
    dao.apply("acme", absent, T0.plusSeconds(900), "run-1/sync-2");
    assertThat(dao.listCatalog("acme").get(0).absentSyncs()).isEqualTo(2);
    // seen again, then absent under a key used before the reset: a new absence
    dao.apply(
        "acme",
        new CatalogChanges(List.of(), List.of(orders), List.of()),
        T0.plusSeconds(1800),
        "run-1/sync-3");
    dao.apply("acme", absent, T0.plusSeconds(2700), "run-1/sync-2");
    assertThat(dao.listCatalog("acme").get(0).absentSyncs()).isEqualTo(1);
    // without a key every call counts
    dao.apply("acme", absent, T0.plusSeconds(3600));
    dao.apply("acme", absent, T0.plusSeconds(3600));
    assertThat(dao.listCatalog("acme").get(0).absentSyncs()).isEqualTo(3);
  }

  @Test
  void serviceNamesAreCaseSensitiveLikeS3Keys() {
    dao.apply(
        "acme",
        new CatalogChanges(
            List.of(
                new NewService("Orders", "", 3, "default"),
                new NewService("orders", "", 3, "default")),
            List.of(),
            List.of()),
        T0);
    assertThat(dao.listByTenant("acme")).hasSize(2);
  }

  @Test
  void aRemovedServiceKeepsItsOverrideAndFirstSeenAndComesBackWithThem() {
    dao.apply(
        "acme",
        new CatalogChanges(
            List.of(new NewService("orders", "", 3, "default")), List.of(), List.of()),
        T0);
    assertThat(dao.setRetention("acme", "orders", "", 90)).isEqualTo(1);
    Key orders = new Key("orders", "");
    Instant later = T0.plus(1, ChronoUnit.DAYS);
    dao.apply(
        "acme",
        new CatalogChanges(List.of(), List.of(), List.of(), List.of(orders), List.of()),
        T0);
    dao.apply(
        "acme",
        new CatalogChanges(List.of(), List.of(), List.of(), List.of(orders), List.of()),
        later);
    assertThat(dao.listCatalog("acme"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.absentSince()).as("since the first absence").isEqualTo(T0);
              assertThat(r.absentSyncs()).isEqualTo(2);
              assertThat(r.removedAt()).isNull();
            });

    dao.apply("acme", new CatalogChanges(List.of(), List.of(), List.of(orders)), later);
    assertThat(dao.listByTenant("acme")).isEmpty();
    assertThat(dao.setRetention("acme", "orders", "", 5)).as("removed: not addressable").isZero();
    assertThat(dao.listCatalog("acme"))
        .singleElement()
        .extracting(CatalogRow::removedAt)
        .isEqualTo(later);

    Instant back = later.plus(1, ChronoUnit.DAYS);
    dao.apply(
        "acme",
        new CatalogChanges(List.of(), List.of(orders), List.of(), List.of(), List.of()),
        back);
    assertThat(dao.listByTenant("acme"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.retentionDays()).isEqualTo(90);
              assertThat(d.retentionSource()).isEqualTo("override");
              assertThat(d.firstSeenAt()).isEqualTo(T0);
              assertThat(d.lastSeenAt()).isEqualTo(back);
            });
    assertThat(dao.listCatalog("acme"))
        .singleElement()
        .satisfies(r -> assertThat(r.absentSyncs()).isZero());
  }

  @Test
  void latestFreshnessIsOneRowPerServiceAndOldSamplesArePruned() {
    dao.apply(
        "acme",
        new CatalogChanges(
            List.of(
                new NewService("orders", "", 3, "default"),
                new NewService("cart", "prod", 3, "default")),
            List.of(),
            List.of()),
        T0);
    dao.saveFreshness("acme", "orders", "", 30, "2026-11-21T09:45", 1000);
    dao.saveFreshness("acme", "orders", "", 4, "2026-11-21T10:11", 2000);
    dao.saveFreshness("acme", "cart", "prod", 9, "2026-11-21T10:06", 2000);
    assertThat(dao.listFreshness("acme"))
        .containsExactly(
            new FreshnessRow("cart", "prod", 9, "2026-11-21T10:06", 2000),
            new FreshnessRow("orders", "", 4, "2026-11-21T10:11", 2000));

    dao.recordFreshness("acme", "orders", 5, 100);
    dao.recordFreshness("acme", "orders", 5, 200);
    dao.recordFreshness("acme", "orders", 5, 300);
    assertThat(dao.pruneFreshnessSamples(250, 1)).isEqualTo(1);
    assertThat(dao.pruneFreshnessSamples(250, 100)).isEqualTo(1);
    assertThat(dao.pruneFreshnessSamples(250, 100)).isZero();
  }
}
