package io.logwise.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The replay audit trail, upserted by (tenant, replay id). */
@RegisterConstructorMapper(SparkReplayRow.class)
public interface SparkReplayDao {

  @SqlUpdate(
      "INSERT INTO spark_replay (tenant, replay_id, requested_by, reason, requested_at_ms, from_ts,"
          + " resume_at_ms, replay_submission_id, ended_at_ms, resumed_from_ts,"
          + " resume_submission_id) VALUES (:tenant, :replayId, :requestedBy, :reason,"
          + " :requestedAtMs, :fromTs, :resumeAtMs, :replaySubmissionId, :endedAtMs,"
          + " :resumedFromTs, :resumeSubmissionId) ON DUPLICATE KEY UPDATE"
          + " replay_submission_id = VALUES(replay_submission_id), ended_at_ms ="
          + " VALUES(ended_at_ms), resumed_from_ts = VALUES(resumed_from_ts),"
          + " resume_submission_id = VALUES(resume_submission_id)")
  void upsert(@BindMethods SparkReplayRow row);

  @SqlQuery(
      "SELECT tenant, replay_id, requested_by, reason, requested_at_ms, from_ts, resume_at_ms,"
          + " replay_submission_id, ended_at_ms, resumed_from_ts, resume_submission_id FROM"
          + " spark_replay WHERE tenant = :tenant ORDER BY id")
  List<SparkReplayRow> list(@Bind("tenant") String tenant);
}
