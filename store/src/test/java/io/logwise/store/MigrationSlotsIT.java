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
    return claim(id, afterReset, "run-" + id, othersRun);
  }

  private MigrationSlots.Claim claim(String id, boolean afterReset, String run, boolean othersRun) {
    return MigrationSlots.claim(dao, migration(id), afterReset, run, other -> othersRun, 3);
  }

  private void advance(String id, String step) {
    dao.updateMigration("acme", id, "RUNNING", step, "{}", 2, true);
  }

  @Test
  void aResetRunTakesBackItsSlotOnlyWhenTheEarlierAttemptStoppedInPreflight() {
    assertThat(claim("m1", false, true)).isInstanceOf(MigrationSlots.Claimed.class);
    end("m1", "FAILED", "PREFLIGHT");

    assertThat(claim("m1", false, true))
        .as("a new start under a used id")
        .isInstanceOf(MigrationSlots.IdUsed.class);
    assertThat(claim("m1", true, "run-m1-reset", true))
        .as("the reset of the attempt that preflight refused")
        .isInstanceOfSatisfying(
            MigrationSlots.Claimed.class, c -> assertThat(c.row().status()).isEqualTo("RUNNING"));
    assertThat(dao.activeMigration("acme").orElseThrow().migrationId()).isEqualTo("m1");
    assertThat(claim("m1", true, "run-m1-reset", true))
        .as("the reset run's retried claim")
        .isInstanceOf(MigrationSlots.Claimed.class);
    assertThat(dao.migrationRun("acme", "m1")).contains("run-m1-reset");

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

  @Test
  void aResetRunTakesOverARunningMigrationOnlyWhileItIsInItsPreflight() {
    // a slot claimed before its workflow ran, as the API and the CLI of earlier builds did (a row
    // an
    // upgrade may find): no run owns it yet, and the workflow's own claim takes it
    assertThat(dao.claimMigration(migration("m1"))).isEqualTo(1);
    assertThat(dao.migrationRun("acme", "m1")).as("no run owns it yet").isEmpty();
    assertThat(claim("m1", false, "r1", true)).isInstanceOf(MigrationSlots.Claimed.class);
    assertThat(dao.migrationRun("acme", "m1")).contains("r1");
    assertThat(claim("m1", false, "r1", true))
        .as("r1's retried claim")
        .isInstanceOf(MigrationSlots.Claimed.class);

    // r1 is reset (or terminated and started again) while it is in its preflight
    assertThat(claim("m1", true, "r2", true)).isInstanceOf(MigrationSlots.Claimed.class);
    assertThat(dao.migrationRun("acme", "m1")).contains("r2");

    // r2 gets past its preflight and is reset: a third run would repeat its steps
    advance("m1", "SWITCH_VECTOR");
    assertThat(claim("m1", true, "r3", true))
        .isInstanceOfSatisfying(
            MigrationSlots.Stranded.class,
            st -> {
              assertThat(st.run()).isEqualTo("r2");
              assertThat(MigrationSlots.refusal(st))
                  .contains("left at step SWITCH_VECTOR by its run r2")
                  .contains("start a new migration");
            });
    assertThat(dao.migrationRun("acme", "m1")).as("still r2's").contains("r2");
    assertThat(claim("m1", false, "r2", true))
        .as("r2's own retried claim")
        .isInstanceOf(MigrationSlots.Claimed.class);
  }

  @Test
  void aReopenedAttemptTakesTheClustersOfTheResetRun() {
    assertThat(claim("m1", false, "r1", true)).isInstanceOf(MigrationSlots.Claimed.class);
    end("m1", "FAILED", "PREFLIGHT");
    MigrationRow now =
        new MigrationRow(
            "acme",
            "m1",
            true,
            "RUNNING",
            "PREFLIGHT",
            "moved:9092",
            "new:9092",
            "ops",
            false,
            null,
            5,
            5);
    assertThat(MigrationSlots.claim(dao, now, true, "r2", other -> true, 6))
        .isInstanceOfSatisfying(
            MigrationSlots.Claimed.class,
            c -> {
              assertThat(c.row().oldBootstrap()).isEqualTo("moved:9092");
              assertThat(c.row().progress()).as("the refused attempt's progress").isNull();
            });
    assertThat(dao.migrationRun("acme", "m1")).contains("r2");
  }
}
