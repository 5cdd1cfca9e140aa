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
    return claim(dao, row, false, running, now);
  }

  /**
   * As {@link #claim(KafkaDao, MigrationRow, Predicate, long)}; {@code afterReset}: the claim comes
   * from a run that Temporal's reset made of this migration's own workflow. Such a run takes its
   * id's slot again when the earlier attempt {@linkplain #resettable ended without changing
   * anything}; any other used id stays refused.
   */
  public static Claim claim(
      KafkaDao dao, MigrationRow row, boolean afterReset, Predicate<String> running, long now) {
    Optional<MigrationRow> mine = dao.findMigration(row.tenant(), row.migrationId());
    if (mine.isPresent() && (mine.get().active() || !afterReset || !resettable(mine.get()))) {
      return mine.get().active() ? new Claimed(mine.get()) : new IdUsed(mine.get());
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      if (mine.isPresent() ? reopen(dao, mine.get(), now) : dao.claimMigration(row) == 1) {
        return new Claimed(
            mine.isPresent()
                ? dao.findMigration(row.tenant(), row.migrationId()).orElseThrow()
                : row);
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

  /**
   * Whether a reset may run this ended migration again: it failed in its preflight, which refuses
   * before it creates a topic, records an offset or touches Vector, so a second attempt repeats
   * nothing. A migration that got further was rolled back or left for an operator; run a new one.
   */
  public static boolean resettable(MigrationRow earlier) {
    return !earlier.active()
        && "FAILED".equals(earlier.status())
        && "PREFLIGHT".equals(earlier.step());
  }

  /** Takes the slot for an ended migration's row again; false when another holds it. */
  private static boolean reopen(KafkaDao dao, MigrationRow earlier, long now) {
    try {
      return dao.updateMigration(
              earlier.tenant(),
              earlier.migrationId(),
              "RUNNING",
              "PREFLIGHT",
              earlier.progress(),
              now,
              true)
          == 1;
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      if (e.getCause() instanceof java.sql.SQLIntegrityConstraintViolationException) {
        return false; // uk_kafka_migration_active: another migration holds the slot
      }
      throw e;
    }
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
