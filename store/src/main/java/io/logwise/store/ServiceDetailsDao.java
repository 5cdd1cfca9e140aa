package io.logwise.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The service catalog: upserts and deletes by the natural key (tenant, service, environment). */
@RegisterConstructorMapper(ServiceDetail.class)
public interface ServiceDetailsDao {

  String COLUMNS =
      "tenant, service_name, environment, retention_days, retention_source, first_seen_at,"
          + " last_seen_at";

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM service_details WHERE tenant = :tenant ORDER BY service_name, environment")
  List<ServiceDetail> listByTenant(@Bind("tenant") String tenant);

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
      "UPDATE service_details SET last_seen_at = :now WHERE tenant = :tenant AND service_name ="
          + " :service AND environment = :environment")
  void markSeen(
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
          + " tenant = :tenant AND service_name = :service AND environment = :environment")
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

  @SqlUpdate("DELETE FROM service_details WHERE tenant = :tenant")
  int deleteTenant(@Bind("tenant") String tenant);

  /** Applies one reconciliation atomically, so a crash never leaves half a sync behind. */
  @Transaction
  default void apply(String tenant, CatalogChanges changes, Instant now) {
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
    if (!changes.removed().isEmpty()) {
      delete(
          tenant,
          changes.removed().stream().map(CatalogChanges.Key::service).toList(),
          changes.removed().stream().map(CatalogChanges.Key::environment).toList());
    }
  }
}
