package io.logwise.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Batches, overrides and decisions of the scaling loop. */
@RegisterConstructorMapper(SparkBatchRow.class)
@RegisterConstructorMapper(ScalingDecisionRow.class)
@RegisterConstructorMapper(ScaleOverrideRow.class)
public interface ScalingDao {

  /** Stores a batch once; a retried post of the same batch changes nothing. Returns rows added. */
  @SqlUpdate(
      "INSERT IGNORE INTO spark_batch (tenant, batch_id, input_records, output_bytes,"
          + " submission_time, completion_time, cores_used, status, kafka_lag) VALUES (:tenant,"
          + " :batchId, :inputRecords, :outputBytes, :submissionTime, :completionTime, :coresUsed,"
          + " :status, :kafkaLag)")
  int insertBatch(@BindMethods SparkBatchRow row);

  @SqlQuery(
      "SELECT tenant, batch_id, input_records, output_bytes, submission_time, completion_time,"
          + " cores_used, status, kafka_lag FROM spark_batch WHERE tenant = :tenant ORDER BY"
          + " submission_time DESC LIMIT :limit")
  List<SparkBatchRow> recentBatches(@Bind("tenant") String tenant, @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM spark_batch WHERE tenant = :tenant AND received_at < :before LIMIT 10000")
  int pruneBatches(@Bind("tenant") String tenant, @Bind("before") Instant before);

  @SqlUpdate(
      "INSERT INTO spark_scale_override (tenant, upscale, downscale, updated_by) VALUES (:tenant,"
          + " :up, :down, :by) ON DUPLICATE KEY UPDATE upscale = VALUES(upscale), downscale ="
          + " VALUES(downscale), updated_by = VALUES(updated_by), updated_at = CURRENT_TIMESTAMP")
  void saveOverride(
      @Bind("tenant") String tenant,
      @Bind("up") Boolean up,
      @Bind("down") Boolean down,
      @Bind("by") String by);

  @SqlQuery(
      "SELECT tenant, upscale, downscale, updated_by FROM spark_scale_override WHERE tenant = :tenant")
  Optional<ScaleOverrideRow> findOverride(@Bind("tenant") String tenant);

  @SqlUpdate(
      "INSERT IGNORE INTO scaling_decision (tenant, decision_key, batch_id, policy, action,"
          + " actual_workers, expected_workers, target_workers, why, reason, inputs, outcome,"
          + " decided_at_ms) VALUES (:tenant, :decisionKey, :batchId, :policy, :action,"
          + " :actualWorkers, :expectedWorkers, :targetWorkers, :why, :reason, :inputs, :outcome,"
          + " :decidedAtMs)")
  void insertDecision(@BindMethods ScalingDecisionRow row);

  @SqlQuery(
      "SELECT tenant, decision_key, batch_id, policy, action, actual_workers, expected_workers,"
          + " target_workers, why, reason, inputs, outcome, decided_at_ms FROM scaling_decision"
          + " WHERE"
          + " tenant = :tenant ORDER BY decided_at_ms DESC, id DESC LIMIT :limit")
  List<ScalingDecisionRow> recentDecisions(@Bind("tenant") String tenant, @Bind("limit") int limit);
}
