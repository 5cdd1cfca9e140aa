package io.logwise.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The service catalog, by the natural key (tenant, service, environment). Removal is soft: a
 * removed row keeps its retention and first-seen time and is left out of every list but {@link
 * #listCatalog}.
 */
@RegisterConstructorMapper(ServiceDetail.class)
public interface ServiceDetailsDao {

  String COLUMNS =
      "tenant, service_name, environment, retention_days, retention_source, first_seen_at,"
          + " last_seen_at";

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM service_details WHERE tenant = :tenant AND removed_at IS NULL ORDER BY"
          + " service_name, environment")
  List<ServiceDetail> listByTenant(@Bind("tenant") String tenant);

  /** Every row of the tenant, removed ones included, with what removal needs. */
  @SqlQuery(
      "SELECT service_name, environment, removed_at, absent_since, absent_syncs FROM"
          + " service_details WHERE tenant = :tenant ORDER BY service_name, environment")
  @RegisterConstructorMapper(CatalogRow.class)
  List<CatalogRow> listCatalog(@Bind("tenant") String tenant);

  /**
   * Inserts services not yet known; a service that appeared meanwhile only gets its {@code
   * last_seen_at} refreshed, its retention is left alone.
   */
  @SqlBatch(
      "INSERT INTO service_details (tenant, service_name, environment, retention_days,"
          + " retention_source, first_seen_at, last_seen_at) VALUES (:tenant, :service,"
          + " :environment, :days, :source, :now, :now) ON DUPLICATE KEY UPDATE last_seen_at ="
          + " VALUES(last_seen_at)")
  void insertIfAbsent(
      @Bind("tenant") String tenant,
      @Bind("service") List<String> services,
      @Bind("environment") List<String> environments,
      @Bind("days") List<Integer> retentionDays,
      @Bind("source") List<String> retentionSources,
      @Bind("now") Instant now);

  @SqlBatch(
      "UPDATE service_details SET last_seen_at = :now, absent_since = NULL, absent_syncs = 0,"
          + " absent_sync_key = NULL WHERE tenant = :tenant AND service_name = :service AND"
          + " environment = :environment")
  void markSeen(
      @Bind("tenant") String tenant,
      @Bind("service") List<String> services,
      @Bind("environment") List<String> environments,
      @Bind("now") Instant now);

  /**
   * Counts one more absent sync, once per {@code key}: a sync retried after its transaction
   * committed (the activity failed before answering) carries the same key and counts nothing more.
   * Assignments run left to right (MySQL and MariaDB), so the count reads the previous key.
   */
  @SqlBatch(
      "UPDATE service_details SET absent_since = COALESCE(absent_since, :now), absent_syncs ="
          + " absent_syncs + IF(:key IS NOT NULL AND absent_sync_key <=> :key, 0, 1),"
          + " absent_sync_key = :key WHERE tenant = :tenant AND service_name = :service AND"
          + " environment = :environment")
  void markAbsent(
      @Bind("tenant") String tenant,
      @Bind("service") List<String> services,
      @Bind("environment") List<String> environments,
      @Bind("now") Instant now,
      @Bind("key") String key);

  @SqlBatch(
      "UPDATE service_details SET removed_at = :now WHERE tenant = :tenant AND service_name ="
          + " :service AND environment = :environment")
  void markRemoved(
      @Bind("tenant") String tenant,
      @Bind("service") List<String> services,
      @Bind("environment") List<String> environments,
      @Bind("now") Instant now);

  @SqlBatch(
      "UPDATE service_details SET removed_at = NULL, absent_since = NULL, absent_syncs = 0,"
          + " absent_sync_key = NULL, last_seen_at = :now WHERE tenant = :tenant AND"
          + " service_name = :service AND environment = :environment")
  void restore(
      @Bind("tenant") String tenant,
      @Bind("service") List<String> services,
      @Bind("environment") List<String> environments,
      @Bind("now") Instant now);

  @SqlBatch(
      "DELETE FROM service_details WHERE tenant = :tenant AND service_name = :service AND"
          + " environment = :environment")
  void delete(
      @Bind("tenant") String tenant,
      @Bind("service") List<String> services,
      @Bind("environment") List<String> environments);

  /** Sets one service's retention as an operator override; returns rows changed (0: unknown). */
  @SqlUpdate(
      "UPDATE service_details SET retention_days = :days, retention_source = 'override' WHERE"
          + " tenant = :tenant AND service_name = :service AND environment = :environment AND"
          + " removed_at IS NULL")
  int setRetention(
      @Bind("tenant") String tenant,
      @Bind("service") String service,
      @Bind("environment") String environment,
      @Bind("days") int days);

  @SqlUpdate(
      "INSERT INTO freshness_sample (tenant, service_name, delay_minutes, measured_at_ms) VALUES"
          + " (:tenant, :service, :delay, :at)")
  void recordFreshness(
      @Bind("tenant") String tenant,
      @Bind("service") String service,
      @Bind("delay") int delayMinutes,
      @Bind("at") long measuredAtMillis);

  @SqlUpdate(
      "INSERT INTO service_freshness (tenant, service_name, environment, delay_minutes, newest,"
          + " measured_at_ms) VALUES (:tenant, :service, :environment, :delay, :newest, :at) ON"
          + " DUPLICATE KEY UPDATE delay_minutes = VALUES(delay_minutes), newest = VALUES(newest),"
          + " measured_at_ms = VALUES(measured_at_ms)")
  void saveFreshness(
      @Bind("tenant") String tenant,
      @Bind("service") String service,
      @Bind("environment") String environment,
      @Bind("delay") int delayMinutes,
      @Bind("newest") String newest,
      @Bind("at") long measuredAtMillis);

  /** Records that the sweep checked these services to the end at {@code sweptAtMs}. */
  @SqlBatch(
      "UPDATE service_details SET swept_at_ms = :sweptAtMs WHERE tenant = :tenant AND"
          + " service_name = :serviceName AND environment = :environment")
  void markSwept(
      @Bind("tenant") String tenant,
      @Bind("serviceName") List<String> serviceNames,
      @Bind("environment") List<String> environments,
      @Bind("sweptAtMs") long sweptAtMs);

  /** When the sweep last checked each of the tenant's catalog services. */
  @SqlQuery(
      "SELECT service_name, environment, swept_at_ms FROM service_details WHERE tenant = :tenant"
          + " AND removed_at IS NULL")
  @RegisterConstructorMapper(SweptAt.class)
  List<SweptAt> sweptAt(@Bind("tenant") String tenant);

  /** The latest freshness of the tenant's catalog services, worst first. */
  @SqlQuery(
      "SELECT f.service_name, f.environment, f.delay_minutes, f.newest, f.measured_at_ms FROM"
          + " service_freshness f JOIN service_details d ON d.tenant = f.tenant AND"
          + " d.service_name = f.service_name AND d.environment = f.environment AND d.removed_at"
          + " IS NULL WHERE f.tenant = :tenant ORDER BY f.delay_minutes DESC, f.service_name,"
          + " f.environment")
  @RegisterConstructorMapper(FreshnessRow.class)
  List<FreshnessRow> listFreshness(@Bind("tenant") String tenant);

  /** The latest freshness of one service, in the catalog or not (the sample service). */
  @SqlQuery(
      "SELECT service_name, environment, delay_minutes, newest, measured_at_ms FROM"
          + " service_freshness WHERE tenant = :tenant AND service_name = :service AND"
          + " environment = :environment")
  @RegisterConstructorMapper(FreshnessRow.class)
  java.util.Optional<FreshnessRow> findFreshness(
      @Bind("tenant") String tenant,
      @Bind("service") String service,
      @Bind("environment") String environment);

  /** Deletes up to {@code limit} samples older than {@code beforeMillis}; returns how many. */
  @SqlUpdate("DELETE FROM freshness_sample WHERE measured_at_ms < :before LIMIT :limit")
  int pruneFreshnessSamples(@Bind("before") long beforeMillis, @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM service_details WHERE tenant = :tenant")
  int deleteTenant(@Bind("tenant") String tenant);

  /** {@link #apply(String, CatalogChanges, Instant, String)} without a sync key. */
  default void apply(String tenant, CatalogChanges changes, Instant now) {
    apply(tenant, changes, now, null);
  }

  /**
   * Applies one reconciliation atomically, so a crash never leaves half a sync behind; {@code
   * syncKey} (the sync's idempotency key, or null) makes a retried sync count an absence once.
   */
  @Transaction
  default void apply(String tenant, CatalogChanges changes, Instant now, String syncKey) {
    if (!changes.added().isEmpty()) {
      insertIfAbsent(
          tenant,
          changes.added().stream().map(CatalogChanges.NewService::service).toList(),
          changes.added().stream().map(CatalogChanges.NewService::environment).toList(),
          changes.added().stream().map(CatalogChanges.NewService::retentionDays).toList(),
          changes.added().stream().map(CatalogChanges.NewService::retentionSource).toList(),
          now);
    }
    if (!changes.seen().isEmpty()) {
      markSeen(
          tenant,
          changes.seen().stream().map(CatalogChanges.Key::service).toList(),
          changes.seen().stream().map(CatalogChanges.Key::environment).toList(),
          now);
    }
    if (!changes.restored().isEmpty()) {
      restore(tenant, services(changes.restored()), environments(changes.restored()), now);
    }
    if (!changes.absent().isEmpty()) {
      markAbsent(tenant, services(changes.absent()), environments(changes.absent()), now, syncKey);
    }
    if (!changes.removed().isEmpty()) {
      markRemoved(tenant, services(changes.removed()), environments(changes.removed()), now);
    }
  }

  private static List<String> services(List<CatalogChanges.Key> keys) {
    return keys.stream().map(CatalogChanges.Key::service).toList();
  }

  private static List<String> environments(List<CatalogChanges.Key> keys) {
    return keys.stream().map(CatalogChanges.Key::environment).toList();
  }
}
