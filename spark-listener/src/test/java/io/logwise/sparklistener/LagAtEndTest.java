package io.logwise.sparklistener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagAtEndTest {

  private static final BatchRecord PLANNED =
      new BatchRecord(
          "run-7",
          120,
          0,
          1_000,
          68_000,
          1,
          "succeeded",
          0L,
          Map.of("logs.a", Map.of("0", 10L, "1", 5L), "logs.b", Map.of("0", 7L)),
          Map.of("logs.a", 0L, "logs.b", 0L));

  @Test
  void theLagIsWhatArrivedBeyondTheBatchsEndOffsetsByTheTimeItEnded() {
    LagAtEnd lag =
        new LagAtEnd(
            asked -> {
              assertThat(asked.keySet())
                  .containsExactlyInAnyOrder(
                      new TopicPartition("logs.a", 0),
                      new TopicPartition("logs.a", 1),
                      new TopicPartition("logs.b", 0));
              return Map.of(
                  new TopicPartition("logs.a", 0), 30L,
                  new TopicPartition("logs.a", 1), 5L,
                  new TopicPartition("logs.b", 0), 8L);
            },
            () -> {});
    BatchRecord r = lag.apply(PLANNED);
    assertThat(r.topicLag()).isEqualTo(Map.of("logs.a", 20L, "logs.b", 1L));
    assertThat(r.kafkaLag()).isEqualTo(21L);
    assertThat(r.endOffsets()).isEqualTo(PLANNED.endOffsets());
    assertThat(r.toJson()).contains("\"kafkaLag\":21");
  }

  @Test
  void kafkaAwayOrAPartitionUnansweredLeavesThePlanningTimeFigures() {
    assertThat(new LagAtEnd(asked -> null, () -> {}).apply(PLANNED)).isEqualTo(PLANNED);
    assertThat(
            new LagAtEnd(asked -> Map.of(new TopicPartition("logs.a", 0), 30L), () -> {})
                .apply(PLANNED))
        .isEqualTo(PLANNED);
    assertThat(
            new LagAtEnd(
                    asked -> {
                      throw new IllegalStateException("no broker");
                    },
                    () -> {})
                .apply(PLANNED))
        .isEqualTo(PLANNED);
  }
}
