package io.logwise.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Submissions by idempotency key: the memory that keeps a retried submit from submitting twice. */
@RegisterConstructorMapper(SparkSubmission.class)
public interface SparkSubmissionDao {

  String COLUMNS =
      "tenant, idempotency_key, submission_id, outcome, starting_offsets_ts, subscribe_mode, message";

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM spark_submission WHERE tenant = :tenant AND idempotency_key = :key")
  Optional<SparkSubmission> find(@Bind("tenant") String tenant, @Bind("key") String key);

  /** Records the intent before the master is called; a second call with the key is a no-op. */
  @SqlUpdate(
      "INSERT IGNORE INTO spark_submission (tenant, idempotency_key, outcome, starting_offsets_ts,"
          + " subscribe_mode) VALUES (:tenant, :key, 'SUBMITTING', :ts, :mode)")
  void begin(
      @Bind("tenant") String tenant,
      @Bind("key") String key,
      @Bind("ts") Long startingOffsetsTs,
      @Bind("mode") String subscribeMode);

  @SqlUpdate(
      "INSERT INTO spark_submission (tenant, idempotency_key, submission_id, outcome, message)"
          + " VALUES (:tenant, :key, :id, :outcome, :message) ON DUPLICATE KEY UPDATE"
          + " submission_id = VALUES(submission_id), outcome = VALUES(outcome), message ="
          + " VALUES(message), updated_at = CURRENT_TIMESTAMP")
  void finish(
      @Bind("tenant") String tenant,
      @Bind("key") String key,
      @Bind("id") String submissionId,
      @Bind("outcome") String outcome,
      @Bind("message") String message);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM spark_submission WHERE tenant = :tenant ORDER BY id DESC LIMIT :limit")
  List<SparkSubmission> recent(@Bind("tenant") String tenant, @Bind("limit") int limit);
}
