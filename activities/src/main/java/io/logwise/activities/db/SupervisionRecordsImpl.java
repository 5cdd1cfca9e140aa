package io.logwise.activities.db;

import io.logwise.store.ClusterOverrideRow;
import io.logwise.store.KafkaDao;
import io.logwise.store.SparkReplayDao;
import io.logwise.store.SparkReplayRow;
import io.logwise.workflows.spark.ClusterSwitch;
import io.logwise.workflows.spark.ReplayRecord;
import io.logwise.workflows.spark.SupervisionRecords;
import java.time.Clock;

/**
 * Writes the supervisor's replay records to {@code spark_replay} and its cluster switches to {@code
 * kafka_cluster}.
 */
public class SupervisionRecordsImpl implements SupervisionRecords {

  private final SparkReplayDao replays;
  private final KafkaDao kafka;
  private final Clock clock;

  public SupervisionRecordsImpl(SparkReplayDao replays, KafkaDao kafka, Clock clock) {
    this.replays = replays;
    this.kafka = kafka;
    this.clock = clock;
  }

  @Override
  public void switchCluster(ClusterSwitch change) {
    DatabaseCalls.run(
        () ->
            kafka.switchCluster(
                new ClusterOverrideRow(
                    change.tenant(),
                    change.bootstrapServers(),
                    change.migrationId(),
                    clock.millis())));
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
