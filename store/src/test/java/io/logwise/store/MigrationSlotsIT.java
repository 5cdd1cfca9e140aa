package io.logwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The migration slot's rules on MariaDB, the reset of a migration's workflow among them. */
class MigrationSlotsIT {

  private KafkaDao dao;

  @BeforeEach
  void freshDatabase() {
    dao = LogwiseDatabase.open(TestDataSources.freshDatabase()).onDemand(KafkaDao.class);
  }

  private static MigrationRow migration(String id) {
    return new MigrationRow(
        "acme", id, true, "RUNNING", "PREFLIGHT", "old:9092", "new:9092", "ops", false, null, 1, 1);
  }

  private void end(String id, String status, String step) {
    dao.updateMigration("acme", id, status, step, "{}", 2, false);
  }

  private MigrationSlots.Claim claim(String id, boolean afterReset, boolean othersRun) {
    return MigrationSlots.claim(dao, migration(id), afterReset, other -> othersRun, 3);
  }

  @Test
  void aResetRunTakesBackItsSlotOnlyWhenTheEarlierAttemptStoppedInPreflight() {
    assertThat(claim("m1", false, true)).isInstanceOf(MigrationSlots.Claimed.class);
    end("m1", "FAILED", "PREFLIGHT");

    assertThat(claim("m1", false, true))
        .as("a new start under a used id")
        .isInstanceOf(MigrationSlots.IdUsed.class);
    assertThat(claim("m1", true, true))
        .as("the reset of the attempt that preflight refused")
        .isInstanceOfSatisfying(
            MigrationSlots.Claimed.class, c -> assertThat(c.row().status()).isEqualTo("RUNNING"));
    assertThat(dao.activeMigration("acme").orElseThrow().migrationId()).isEqualTo("m1");
    assertThat(claim("m1", true, true))
        .as("the reset run's retried claim")
        .isInstanceOf(MigrationSlots.Claimed.class);

    // an attempt that got past preflight touched Vector or the clusters: no reset, a new migration
    end("m1", "FAILED", "SWITCH_VECTOR");
    assertThat(claim("m1", true, true)).isInstanceOf(MigrationSlots.IdUsed.class);
    end("m1", "ROLLED_BACK", "PREFLIGHT");
    assertThat(claim("m1", true, true)).isInstanceOf(MigrationSlots.IdUsed.class);
    assertThat(dao.activeMigration("acme")).isEmpty();
  }

  @Test
  void aResetRunWaitsForAnotherMigrationThatHoldsTheSlot() {
    assertThat(claim("m1", false, true)).isInstanceOf(MigrationSlots.Claimed.class);
    end("m1", "FAILED", "PREFLIGHT");
    assertThat(claim("m2", false, true)).isInstanceOf(MigrationSlots.Claimed.class);

    assertThat(claim("m1", true, true))
        .isInstanceOfSatisfying(
            MigrationSlots.HeldBy.class, h -> assertThat(h.holder().migrationId()).isEqualTo("m2"));
    assertThat(dao.findMigration("acme", "m1").orElseThrow().active()).isFalse();

    // m2's workflow is gone: its slot is released and the reset run takes it
    assertThat(claim("m1", true, false)).isInstanceOf(MigrationSlots.Claimed.class);
    assertThat(dao.findMigration("acme", "m2").orElseThrow().status()).isEqualTo("ABANDONED");
    assertThat(dao.activeMigration("acme").orElseThrow().migrationId()).isEqualTo("m1");
  }
}
