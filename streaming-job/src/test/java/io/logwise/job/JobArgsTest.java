package io.logwise.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobArgsTest {

  @Test
  void readsTheSupervisorsArguments() {
    JobArgs a =
        JobArgs.parse(
            new String[] {
              "kafka.cluster.dns=127.0.0.1",
              "kafka.maxRatePerPartition=4000",
              "kafka.startingOffsets=earliest",
              "kafka.subscribePattern=\"^logs.*\"",
              "spark.master.host=http://127.0.0.1:8080",
              "logCentral.orchestrator.url=null",
              "s3.bucket=acme-logs",
              "kafka.bootstrap.servers=127.0.0.1:9092,127.0.0.1:9093"
            });
    assertThat(a)
        .isEqualTo(
            new JobArgs(
                "127.0.0.1:9092,127.0.0.1:9093", "^logs.*", "earliest", null, "acme-logs", null));
  }

  @Test
  void aReplayStartsFromItsTimestampAndAMigrationFromItsOffsets() {
    assertThat(
            JobArgs.parse(
                    new String[] {
                      "kafka.bootstrap.servers=k:9092",
                      "s3.bucket=b",
                      "kafka.startingOffsetsTimestamp=1700000000000"
                    })
                .startingTimestamp())
        .isEqualTo(1_700_000_000_000L);
    String offsets = "{\"logs.a\":{\"0\":42}}";
    assertThat(
            JobArgs.parse(
                    new String[] {
                      "kafka.bootstrap.servers=k:9092",
                      "s3.bucket=b",
                      "kafka.startingOffsets=" + offsets
                    })
                .startingOffsets())
        .isEqualTo(offsets);
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    assertThatThrownBy(
            () -> JobArgs.parse(new String[] {"oops", "kafka.startingOffsetsTimestamp=yesterday"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'oops' is not key=value")
        .hasMessageContaining("kafka.bootstrap.servers is required")
        .hasMessageContaining("s3.bucket is required")
        .hasMessageContaining("must be epoch milliseconds, was 'yesterday'");
  }
}
