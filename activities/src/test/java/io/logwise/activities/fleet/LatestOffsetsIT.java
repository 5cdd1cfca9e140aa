package io.logwise.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.activities.kafka.KafkaClusters;
import io.logwise.activities.support.KafkaBrokers;
import io.logwise.activities.support.TestDatabase;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.store.ClusterOverrideRow;
import io.logwise.store.KafkaDao;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.scaling.KafkaEnds;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scaling loop's look between reports reads Σ of Kafka's latest offsets of the tenant's topics
 * (its {@code kafka.topicPattern}) from a real KRaft broker: what the listener's end offsets are
 * compared with.
 */
@Tag("kafka")
class LatestOffsetsIT {

  private static KafkaBrokers kafka;
  private static KafkaDao dao;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaBrokers.start();
    kafka.createTopic("logs.cart", 2);
    kafka.createTopic("logs.checkout", 3);
    kafka.createTopic("metrics.cart", 1);
    kafka.produce("logs.cart", 10);
    kafka.produce("logs.checkout", 25);
    kafka.produce("metrics.cart", 7);
    dao = TestDatabase.fresh("latest_offsets").onDemand(KafkaDao.class);
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  private static ScalingActivitiesImpl activities(TenantConfig t, KafkaClusters clusters) {
    return new ScalingActivitiesImpl(
        new TenantDirectory(List.of(t)),
        new WorkerFleets(() -> null, Map.of(), null),
        null,
        null,
        null,
        io.logwise.activities.LogwiseMeters.none(),
        clusters);
  }

  private static TenantConfig tenant(String bootstrap) {
    return tenant("acme", bootstrap);
  }

  private static TenantConfig tenant(String name, String bootstrap) {
    return TestTenants.parse(
        "name: "
            + name
            + "\nspark: {masterHost: 127.0.0.1}\nkafka: {bootstrapServers: '"
            + bootstrap
            + "', requestTimeout: 3s}\nobjectStore: {bucket: b}\n");
  }

  @Test
  void sumsTheLatestOffsetsOfEveryPartitionOfTheTenantsTopics() {
    KafkaEnds ends =
        activities(tenant(kafka.bootstrapServers()), new KafkaClusters(dao))
            .readLatestOffsets(new TenantRequest("acme"));
    // logs.* only: 10 + 25 records, metrics.cart's 7 left out
    assertThat(ends.latestOffsetSum()).isEqualTo(35);
    assertThat(ends.topics()).isEqualTo(2);
    assertThat(ends.switchedAtMillis()).as("never migrated").isNull();
  }

  @Test
  void afterAMigrationItReadsTheClusterSwitchedToAndSaysSinceWhen() {
    // configured on a cluster that no longer answers; the cut-over recorded the broker
    dao.switchCluster(
        new ClusterOverrideRow("moved", kafka.bootstrapServers(), "m1", 1_700_000_000_000L));
    KafkaEnds ends =
        activities(tenant("moved", "127.0.0.1:1"), new KafkaClusters(dao))
            .readLatestOffsets(new TenantRequest("moved"));
    assertThat(ends.latestOffsetSum()).isEqualTo(35);
    assertThat(ends.switchedAtMillis()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void aKafkaThatDoesNotAnswerOrAWorkerWithoutKafkaIsAnError() {
    TenantConfig gone = tenant("127.0.0.1:1");
    assertThatThrownBy(
            () ->
                activities(gone, new KafkaClusters(dao))
                    .readLatestOffsets(new TenantRequest("acme")))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo("LogwiseUnavailable"));
    assertThatThrownBy(
            () ->
                activities(tenant(kafka.bootstrapServers()), null)
                    .readLatestOffsets(new TenantRequest("acme")))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("this worker reads no Kafka");
  }
}
