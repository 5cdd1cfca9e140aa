package io.logwise.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The Kafka side: which cluster a tenant uses, what Spark read, partition decisions, migrations.
 */
@RegisterConstructorMapper(ClusterOverrideRow.class)
@RegisterConstructorMapper(ConsumedOffsetsRow.class)
@RegisterConstructorMapper(PartitionDecisionRow.class)
@RegisterConstructorMapper(MigrationRow.class)
@RegisterConstructorMapper(MigrationOffsetRow.class)
public interface KafkaDao {

  String MIGRATION_SELECT =
      "SELECT tenant, migration_id, active_tenant IS NOT NULL AS active, status, step,"
          + " old_bootstrap, new_bootstrap, requested_by, dry_run, progress, started_at_ms,"
          + " updated_at_ms FROM kafka_migration";

  @SqlQuery(
      "SELECT tenant, bootstrap_servers, migration_id, switched_at_ms FROM kafka_cluster WHERE"
          + " tenant = :tenant")
  Optional<ClusterOverrideRow> findCluster(@Bind("tenant") String tenant);

  /** Idempotent per migration: switching again to the same cluster changes nothing. */
  @SqlUpdate(
      "INSERT INTO kafka_cluster (tenant, bootstrap_servers, migration_id, switched_at_ms) VALUES"
          + " (:tenant, :bootstrapServers, :migrationId, :switchedAtMs) ON DUPLICATE KEY UPDATE"
          + " switched_at_ms = IF(migration_id = VALUES(migration_id), switched_at_ms,"
          + " VALUES(switched_at_ms)), bootstrap_servers = VALUES(bootstrap_servers), migration_id"
          + " = VALUES(migration_id)")
  void switchCluster(@BindMethods ClusterOverrideRow row);

  /** Keeps the newest batch per cluster: an older or repeated report never moves it back. */
  @SqlUpdate(
      "INSERT INTO spark_consumed_offsets (tenant, cluster_key, bootstrap_servers, batch_id,"
          + " completion_time, end_offsets, topic_lag, received_at_ms) VALUES (:tenant,"
          + " :clusterKey, :bootstrapServers, :batchId, :completionTime, :endOffsets, :topicLag,"
          + " :receivedAtMs) ON DUPLICATE KEY UPDATE batch_id = IF(VALUES(completion_time) >="
          + " completion_time, VALUES(batch_id), batch_id), end_offsets = IF(VALUES(completion_time)"
          + " >= completion_time, VALUES(end_offsets), end_offsets), topic_lag ="
          + " IF(VALUES(completion_time) >= completion_time, VALUES(topic_lag), topic_lag),"
          + " received_at_ms = IF(VALUES(completion_time) >= completion_time,"
          + " VALUES(received_at_ms), received_at_ms), completion_time ="
          + " GREATEST(completion_time, VALUES(completion_time))")
  void recordConsumed(@BindMethods ConsumedOffsetsRow row);

  @SqlQuery(
      "SELECT tenant, cluster_key, bootstrap_servers, batch_id, completion_time, end_offsets,"
          + " topic_lag, received_at_ms FROM spark_consumed_offsets WHERE tenant = :tenant AND"
          + " cluster_key = :clusterKey")
  Optional<ConsumedOffsetsRow> findConsumed(
      @Bind("tenant") String tenant, @Bind("clusterKey") String clusterKey);

  @SqlUpdate(
      "INSERT IGNORE INTO kafka_partition_decision (tenant, decision_key, topic, action,"
          + " current_partitions, target_partitions, required_partitions, rate_per_second, lag,"
          + " reason, explanation, outcome, decided_at_ms) VALUES (:tenant, :decisionKey, :topic,"
          + " :action, :currentPartitions, :targetPartitions, :requiredPartitions, :ratePerSecond,"
          + " :lag, :reason, :explanation, :outcome, :decidedAtMs)")
  void insertPartitionDecision(@BindMethods PartitionDecisionRow row);

  @SqlQuery(
      "SELECT tenant, decision_key, topic, action, current_partitions, target_partitions,"
          + " required_partitions, rate_per_second, lag, reason, explanation, outcome,"
          + " decided_at_ms FROM kafka_partition_decision WHERE tenant = :tenant ORDER BY"
          + " decided_at_ms DESC, id DESC LIMIT :limit")
  List<PartitionDecisionRow> recentPartitionDecisions(
      @Bind("tenant") String tenant, @Bind("limit") int limit);

  /**
   * Claims the tenant's one migration slot: 1 row when claimed (or already held by this migration's
   * row), 0 when the row could not be written because another migration is active.
   */
  @SqlUpdate(
      "INSERT IGNORE INTO kafka_migration (tenant, migration_id, active_tenant, status, step,"
          + " old_bootstrap, new_bootstrap, requested_by, dry_run, progress, started_at_ms,"
          + " updated_at_ms) VALUES (:tenant, :migrationId, :tenant, :status, :step,"
          + " :oldBootstrap, :newBootstrap, :requestedBy, :dryRun, :progress, :startedAtMs,"
          + " :updatedAtMs)")
  int claimMigration(@BindMethods MigrationRow row);

  @SqlQuery(MIGRATION_SELECT + " WHERE tenant = :tenant AND migration_id = :id")
  Optional<MigrationRow> findMigration(@Bind("tenant") String tenant, @Bind("id") String id);

  @SqlQuery(MIGRATION_SELECT + " WHERE active_tenant = :tenant")
  Optional<MigrationRow> activeMigration(@Bind("tenant") String tenant);

  @SqlQuery(
      MIGRATION_SELECT + " WHERE tenant = :tenant ORDER BY started_at_ms" + " DESC LIMIT :limit")
  List<MigrationRow> recentMigrations(@Bind("tenant") String tenant, @Bind("limit") int limit);

  /**
   * The run id that owns a running migration (see {@code V12__migration_run.sql}); empty when the
   * row is missing, ended, or not yet owned by a workflow run.
   */
  @SqlQuery(
      "SELECT run_id FROM kafka_migration WHERE tenant = :tenant AND migration_id = :id AND"
          + " active_tenant IS NOT NULL AND run_id IS NOT NULL")
  Optional<String> migrationRun(@Bind("tenant") String tenant, @Bind("id") String id);

  /**
   * Makes {@code run} the owner of a running migration when no run owns it yet or {@code run} does;
   * 1 when {@code run} owns it afterwards.
   */
  @SqlUpdate(
      "UPDATE kafka_migration SET run_id = :run WHERE tenant = :tenant AND migration_id = :id AND"
          + " active_tenant IS NOT NULL AND (run_id IS NULL OR run_id = :run)")
  int bindMigrationRun(
      @Bind("tenant") String tenant, @Bind("id") String id, @Bind("run") String run);

  /**
   * Hands a running migration still in its preflight to another run of the same migration id; 1
   * when it did.
   */
  @SqlUpdate(
      "UPDATE kafka_migration SET run_id = :run WHERE tenant = :tenant AND migration_id = :id AND"
          + " active_tenant IS NOT NULL AND step = 'PREFLIGHT'")
  int takeOverMigrationInPreflight(
      @Bind("tenant") String tenant, @Bind("id") String id, @Bind("run") String run);

  /**
   * Runs an ended migration that its preflight refused again, owned by {@code run}, with the
   * clusters of the new attempt; 1 when it did (0 when the row is no longer such an attempt).
   * Throws on the unique key of the tenant's slot when another migration holds it.
   */
  @SqlUpdate(
      "UPDATE kafka_migration SET status = 'RUNNING', step = 'PREFLIGHT', run_id = :run,"
          + " old_bootstrap = :oldBootstrap, new_bootstrap = :newBootstrap, progress = NULL,"
          + " updated_at_ms = :now, active_tenant = tenant WHERE tenant = :tenant AND migration_id"
          + " = :id AND active_tenant IS NULL AND status = 'FAILED' AND step = 'PREFLIGHT'")
  int reopenRefusedMigration(
      @Bind("tenant") String tenant,
      @Bind("id") String id,
      @Bind("oldBootstrap") String oldBootstrap,
      @Bind("newBootstrap") String newBootstrap,
      @Bind("run") String run,
      @Bind("now") long now);

  /** The drain's quiet mark of a migration: the old cluster's end-offset sum and since when. */
  record DrainMark(long endSum, long quietSinceMs) {}

  @SqlQuery(
      "SELECT drain_end_sum AS end_sum, drain_quiet_since_ms AS quiet_since_ms FROM"
          + " kafka_migration WHERE tenant = :tenant AND migration_id = :id AND drain_end_sum IS"
          + " NOT NULL")
  @RegisterConstructorMapper(DrainMark.class)
  Optional<DrainMark> drainMark(@Bind("tenant") String tenant, @Bind("id") String id);

  @SqlUpdate(
      "UPDATE kafka_migration SET drain_end_sum = :sum, drain_quiet_since_ms = :since WHERE"
          + " tenant = :tenant AND migration_id = :id")
  int saveDrainMark(
      @Bind("tenant") String tenant,
      @Bind("id") String id,
      @Bind("sum") long endSum,
      @Bind("since") long quietSinceMs);

  /** Progress of a migration; {@code active} false releases the tenant's slot. */
  @SqlUpdate(
      "UPDATE kafka_migration SET status = :status, step = :step, progress = :progress,"
          + " updated_at_ms = :updatedAtMs, active_tenant = IF(:active, tenant, NULL) WHERE tenant"
          + " = :tenant AND migration_id = :migrationId")
  int updateMigration(
      @Bind("tenant") String tenant,
      @Bind("migrationId") String migrationId,
      @Bind("status") String status,
      @Bind("step") String step,
      @Bind("progress") String progress,
      @Bind("updatedAtMs") long updatedAtMs,
      @Bind("active") boolean active);

  /** Records start offsets; a retried recording keeps the first values (never moves forward). */
  @SqlBatch(
      "INSERT IGNORE INTO kafka_migration_offset (tenant, migration_id, topic, partition_id,"
          + " start_offset) VALUES (:tenant, :migrationId, :topic, :partitionId, :startOffset)")
  void recordStartOffsets(
      @Bind("tenant") String tenant,
      @Bind("migrationId") String migrationId,
      @BindMethods List<MigrationOffsetRow> rows);

  @SqlQuery(
      "SELECT topic, partition_id, start_offset FROM kafka_migration_offset WHERE tenant ="
          + " :tenant AND migration_id = :migrationId ORDER BY topic, partition_id")
  List<MigrationOffsetRow> startOffsets(
      @Bind("tenant") String tenant, @Bind("migrationId") String migrationId);
}
