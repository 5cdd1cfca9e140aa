package io.logwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KafkaDaoIT {

  private KafkaDao dao;

  @BeforeEach
  void setUp() {
    dao = LogwiseDatabase.open(TestDataSources.freshDatabase()).onDemand(KafkaDao.class);
  }

  private static MigrationRow migration(String id) {
    return new MigrationRow(
        "acme", id, true, "RUNNING", "PREFLIGHT", "old:9092", "new:9092", "ops", false, null, 1, 1);
  }

  @Test
  void oneMigrationPerTenantRunsAtATime() {
    assertThat(dao.claimMigration(migration("m1"))).isEqualTo(1);
    assertThat(dao.claimMigration(migration("m1"))).as("claimed again by itself").isZero();
    assertThat(dao.claimMigration(migration("m2"))).as("another while m1 runs").isZero();
    assertThat(dao.findMigration("acme", "m2")).isEmpty();
    assertThat(dao.activeMigration("acme"))
        .get()
        .extracting(MigrationRow::migrationId)
        .isEqualTo("m1");

    dao.updateMigration("acme", "m1", "COMPLETED", "DONE", "{}", 5, false);
    assertThat(dao.activeMigration("acme")).isEmpty();
    assertThat(dao.findMigration("acme", "m1").orElseThrow().active()).isFalse();
    assertThat(dao.claimMigration(migration("m2"))).isEqualTo(1);
    assertThat(dao.recentMigrations("acme", 10))
        .extracting(MigrationRow::migrationId)
        .containsExactlyInAnyOrder("m1", "m2");
  }

  @Test
  void startOffsetsKeepTheFirstRecording() {
    dao.recordStartOffsets(
        "acme",
        "m1",
        List.of(new MigrationOffsetRow("logs.a", 0, 10), new MigrationOffsetRow("logs.a", 1, 20)));
    dao.recordStartOffsets("acme", "m1", List.of(new MigrationOffsetRow("logs.a", 0, 99)));
    assertThat(dao.startOffsets("acme", "m1"))
        .containsExactly(
            new MigrationOffsetRow("logs.a", 0, 10), new MigrationOffsetRow("logs.a", 1, 20));
    assertThat(dao.startOffsets("acme", "other")).isEmpty();
  }

  @Test
  void consumedOffsetsNeverMoveBackToAnOlderBatch() {
    dao.recordConsumed(
        new ConsumedOffsetsRow("acme", "k", "old:9092", "b2", 200, "{\"a\":2}", null, 1));
    dao.recordConsumed(
        new ConsumedOffsetsRow("acme", "k", "old:9092", "b1", 100, "{\"a\":1}", null, 2));
    ConsumedOffsetsRow row = dao.findConsumed("acme", "k").orElseThrow();
    assertThat(row.batchId()).isEqualTo("b2");
    assertThat(row.endOffsets()).isEqualTo("{\"a\":2}");
    dao.recordConsumed(
        new ConsumedOffsetsRow("acme", "k", "old:9092", "b3", 300, "{\"a\":3}", "{\"a\":5}", 3));
    row = dao.findConsumed("acme", "k").orElseThrow();
    assertThat(row.batchId()).isEqualTo("b3");
    assertThat(row.completionTime()).isEqualTo(300);
    assertThat(row.topicLag()).isEqualTo("{\"a\":5}");
    assertThat(dao.findConsumed("acme", "other")).isEmpty();
  }

  @Test
  void aClusterSwitchIsOneRowPerTenant() {
    dao.switchCluster(new ClusterOverrideRow("acme", "new:9092", "m1", 10));
    dao.switchCluster(new ClusterOverrideRow("acme", "new:9092", "m1", 20));
    assertThat(dao.findCluster("acme").orElseThrow().switchedAtMs())
        .as("same migration")
        .isEqualTo(10);
    dao.switchCluster(new ClusterOverrideRow("acme", "newer:9092", "m2", 30));
    assertThat(dao.findCluster("acme").orElseThrow())
        .isEqualTo(new ClusterOverrideRow("acme", "newer:9092", "m2", 30));
    assertThat(dao.findCluster("globex")).isEmpty();
  }

  @Test
  void partitionDecisionsAreKeptOncePerKeyNewestFirst() {
    PartitionDecisionRow a =
        new PartitionDecisionRow(
            "acme", "k1", "logs.a", "INCREASE", 3, 6, 5, 10000.0, null, "RATE", "x", "grown", 1);
    dao.insertPartitionDecision(a);
    dao.insertPartitionDecision(a);
    dao.insertPartitionDecision(
        new PartitionDecisionRow(
            "acme",
            "k2",
            "logs.a",
            "NONE",
            6,
            6,
            2,
            100.0,
            5L,
            "ENOUGH_PARTITIONS",
            "y",
            "no change",
            2));
    assertThat(dao.recentPartitionDecisions("acme", 10))
        .extracting(PartitionDecisionRow::decisionKey)
        .containsExactly("k2", "k1");
  }
}
