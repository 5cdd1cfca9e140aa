package io.logwise.store;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * A tenant's one Kafka migration slot, claimed by whoever starts a migration (the API, {@code
 * logwise migrate-kafka}, or the workflow itself when started from the Temporal CLI): the same
 * rules everywhere. A slot whose migration no longer runs (its workflow was terminated, or its last
 * save never landed) is released and taken.
 */
public final class MigrationSlots {

  /** How a claim went. */
  public sealed interface Claim {}

  /** The slot is ours (now, or already). */
  public record Claimed(MigrationRow row) implements Claim {}

  /** Another migration runs. */
  public record HeldBy(MigrationRow holder) implements Claim {}

  /** This migration id was used before and has ended. */
  public record IdUsed(MigrationRow earlier) implements Claim {}

  private MigrationSlots() {}

  /**
   * @param running whether the migration with this id still runs (asked of Temporal; when it cannot
   *     tell it should answer true, keeping the other migration's slot)
   */
  public static Claim claim(KafkaDao dao, MigrationRow row, Predicate<String> running, long now) {
    Optional<MigrationRow> mine = dao.findMigration(row.tenant(), row.migrationId());
    if (mine.isPresent()) {
      return mine.get().active() ? new Claimed(mine.get()) : new IdUsed(mine.get());
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      if (dao.claimMigration(row) == 1) {
        return new Claimed(row);
      }
      Optional<MigrationRow> holder = dao.activeMigration(row.tenant());
      if (holder.isEmpty()) {
        continue;
      }
      MigrationRow h = holder.get();
      if (h.migrationId().equals(row.migrationId())) {
        return new Claimed(h);
      }
      if (running.test(h.migrationId())) {
        return new HeldBy(h);
      }
      dao.updateMigration(
          h.tenant(), h.migrationId(), "ABANDONED", h.step(), h.progress(), now, false);
    }
    throw new IllegalStateException(
        "the migration slot of " + row.tenant() + " kept changing hands");
  }

  /** Frees the slot of a migration that never started. */
  public static void release(KafkaDao dao, MigrationRow row, String status, long now) {
    dao.updateMigration(
        row.tenant(), row.migrationId(), status, row.step(), row.progress(), now, false);
  }

  /** A one-line description of why a claim was refused. */
  public static String refusal(Claim c) {
    if (c instanceof HeldBy h) {
      return "migration "
          + h.holder().migrationId()
          + " is running for tenant "
          + h.holder().tenant()
          + " ("
          + h.holder().status()
          + " at "
          + h.holder().step()
          + ")";
    }
    if (c instanceof IdUsed u) {
      return "migration id "
          + u.earlier().migrationId()
          + " was used before ("
          + u.earlier().status()
          + ")";
    }
    return null;
  }
}
