package io.logwise.activities.kafka;

import io.logwise.activities.db.DatabaseCalls;
import io.logwise.config.TenantConfig;
import io.logwise.store.ClusterOverrideRow;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import java.time.Duration;
import java.util.Optional;

/**
 * The Kafka cluster a tenant's pipeline uses now: the one a migration switched it to (database),
 * else the configured {@code kafka.bootstrapServers}. Every activity that talks to a tenant's Kafka
 * asks here, so a migration moves all of them at once. Also opens admin connections with the
 * tenant's timeout.
 */
public final class KafkaClusters {

  private final KafkaDao dao;

  public KafkaClusters(KafkaDao dao) {
    this.dao = dao;
  }

  /**
   * A tenant's cluster now.
   *
   * @param switchedAtMillis when a migration's cut-over switched the tenant to it; null for the
   *     configured cluster
   */
  public record Current(String bootstrapServers, Long switchedAtMillis) {}

  public String current(TenantConfig tenant) {
    return now(tenant).bootstrapServers();
  }

  /** The cluster and, when a migration switched the tenant to it, since when (one query). */
  public Current now(TenantConfig tenant) {
    Optional<ClusterOverrideRow> switched =
        DatabaseCalls.call(() -> dao.findCluster(tenant.getName()));
    return new Current(
        KafkaClusterKey.effective(switched, tenant.getKafka().getBootstrapServers()),
        switched.map(ClusterOverrideRow::switchedAtMs).orElse(null));
  }

  public KafkaAdmin connect(TenantConfig tenant, String bootstrapServers) {
    return KafkaAdmin.connect(bootstrapServers, timeout(tenant));
  }

  static Duration timeout(TenantConfig tenant) {
    return tenant.getKafka().getRequestTimeout().toJavaDuration();
  }
}
