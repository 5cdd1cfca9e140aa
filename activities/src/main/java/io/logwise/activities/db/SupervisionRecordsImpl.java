package io.logwise.activities.db;

import io.logwise.store.SparkReplayDao;
import io.logwise.store.SparkReplayRow;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.spark.ReplayRecord;
import io.logwise.workflows.spark.SupervisionRecords;
import org.jdbi.v3.core.JdbiException;

/** Writes the supervisor's replay records to {@code spark_replay}. */
public class SupervisionRecordsImpl implements SupervisionRecords {

  private final SparkReplayDao replays;

  public SupervisionRecordsImpl(SparkReplayDao replays) {
    this.replays = replays;
  }

  @Override
  public void recordReplay(ReplayRecord r) {
    try {
      replays.upsert(
          new SparkReplayRow(
              r.tenant(),
              r.replayId(),
              r.requestedBy(),
              r.reason(),
              r.requestedAtMillis(),
              r.fromTimestamp(),
              r.resumeAt(),
              r.replaySubmissionId(),
              r.endedAtMillis(),
              r.resumedFromTimestamp(),
              r.resumeSubmissionId()));
    } catch (JdbiException e) {
      throw LogwiseFailures.unavailable("database: " + e.getMessage(), e);
    }
  }
}
