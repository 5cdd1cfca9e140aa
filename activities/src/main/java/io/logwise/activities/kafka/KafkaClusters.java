package io.logwise.activities.kafka;

import io.logwise.activities.db.DatabaseCalls;
import io.logwise.config.TenantConfig;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import java.time.Duration;

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

  public String current(TenantConfig tenant) {
    return KafkaClusterKey.effective(
        DatabaseCalls.call(() -> dao.findCluster(tenant.getName())),
        tenant.getKafka().getBootstrapServers());
  }

  public KafkaAdmin connect(TenantConfig tenant, String bootstrapServers) {
    return KafkaAdmin.connect(bootstrapServers, timeout(tenant));
  }

  static Duration timeout(TenantConfig tenant) {
    return tenant.getKafka().getRequestTimeout().toJavaDuration();
  }
}
