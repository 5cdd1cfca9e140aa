package io.logwise.activities.db;

import io.logwise.store.SparkReplayDao;
import io.logwise.store.SparkReplayRow;
import io.logwise.workflows.spark.ReplayRecord;
import io.logwise.workflows.spark.SupervisionRecords;

/** Writes the supervisor's replay records to {@code spark_replay}. */
public class SupervisionRecordsImpl implements SupervisionRecords {

  private final SparkReplayDao replays;

  public SupervisionRecordsImpl(SparkReplayDao replays) {
    this.replays = replays;
  }

  @Override
  public void recordReplay(ReplayRecord r) {
    DatabaseCalls.run(
        () ->
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
                    r.resumeSubmissionId())));
  }
}
