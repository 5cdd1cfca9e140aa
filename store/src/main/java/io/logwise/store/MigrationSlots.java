package io.logwise.store;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * A tenant's one Kafka migration slot, claimed by the migration's workflow as its first step,
 * however it was started (the API, {@code logwise migrate-kafka}, the Temporal CLI): the same rules
 * everywhere. A slot whose migration no longer runs (its workflow was terminated, or its last save
 * never landed) is released and taken.
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

  /**
   * This migration still counts as running, but the run that owned it ({@code run}) no longer does
   * (reset or terminated) after it got past its preflight: another run would repeat its steps.
   */
  public record Stranded(MigrationRow row, String run) implements Claim {}

  private MigrationSlots() {}

  /**
   * The claim of a migration's workflow run {@code runId}: the run owns the slot afterwards.
   *
   * <p>A running migration's slot goes to another run of the same migration id (Temporal's reset,
   * or a start after a terminate) only while the migration is in its preflight, which repeats
   * nothing; a migration stopped further on stays for an operator ({@link Stranded}). An ended
   * migration's id is taken again only by a reset run ({@code afterReset}) of an attempt that its
   * preflight {@linkplain #resettable refused}; any other used id stays refused.
   */
  public static Claim claim(
      KafkaDao dao,
      MigrationRow row,
      boolean afterReset,
      String runId,
      Predicate<String> running,
      long now) {
    Optional<MigrationRow> mine = dao.findMigration(row.tenant(), row.migrationId());
    if (mine.isPresent() && mine.get().active()) {
      return own(dao, mine.get(), runId);
    }
    if (mine.isPresent() && !(afterReset && runId != null && resettable(mine.get()))) {
      return new IdUsed(mine.get());
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      if (mine.isPresent() ? reopen(dao, mine.get(), row, runId, now) : insert(dao, row, runId)) {
        // a reopened row is read back (its start time and requester are the first attempt's)
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
        return own(dao, h, runId);
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

  /** A running migration claimed again by {@code runId} (null: not by a workflow run). */
  private static Claim own(KafkaDao dao, MigrationRow active, String runId) {
    if (runId == null
        || dao.bindMigrationRun(active.tenant(), active.migrationId(), runId) == 1
        || dao.takeOverMigrationInPreflight(active.tenant(), active.migrationId(), runId) == 1) {
      return new Claimed(active);
    }
    return new Stranded(active, dao.migrationRun(active.tenant(), active.migrationId()).orElse(""));
  }

  private static boolean insert(KafkaDao dao, MigrationRow row, String runId) {
    if (dao.claimMigration(row) != 1) {
      return false;
    }
    if (runId != null) {
      dao.bindMigrationRun(row.tenant(), row.migrationId(), runId);
    }
    return true;
  }

  /**
   * Whether a reset may run this ended migration again: its preflight refused it (or failed). The
   * preflight touches nothing but the new cluster's topics, creating those missing and growing
   * those short of partitions, which a second preflight finds done; it records no offset and leaves
   * Vector and Spark alone. A migration that got further was rolled back or left for an operator;
   * run a new one.
   */
  public static boolean resettable(MigrationRow earlier) {
    return !earlier.active()
        && "FAILED".equals(earlier.status())
        && "PREFLIGHT".equals(earlier.step());
  }

  /** Takes the slot for a refused migration's row again; false when another holds it. */
  private static boolean reopen(
      KafkaDao dao, MigrationRow earlier, MigrationRow attempt, String runId, long now) {
    try {
      return dao.reopenRefusedMigration(
              earlier.tenant(),
              earlier.migrationId(),
              attempt.oldBootstrap(),
              attempt.newBootstrap(),
              runId,
              now)
          == 1;
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      if (e.getCause() instanceof java.sql.SQLIntegrityConstraintViolationException) {
        return false; // uk_kafka_migration_active: another migration holds the slot
      }
      throw e;
    }
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
    if (c instanceof Stranded s) {
      return "migration "
          + s.row().migrationId()
          + " was left at step "
          + s.row().step()
          + " by its run "
          + s.run()
          + ", which no longer runs (reset or terminated): a new run would repeat steps past the"
          + " preflight; roll it back by hand (docs/kafka.md) or start a new migration";
    }
    return null;
  }
}
