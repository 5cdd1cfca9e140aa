package io.logwise.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.activities.support.KafkaBrokers;
import io.logwise.embedded.FreePorts;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Kafka adapter against a real KRaft broker. */
@Tag("kafka")
class KafkaAdminIT {

  private static KafkaBrokers kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaBrokers.start();
    kafka.createTopic("logs.orders", 3);
    kafka.createTopic("logs.payments", 1);
    kafka.createTopic("metrics.cpu", 1);
    kafka.produce("logs.orders", 30);
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  private static KafkaAdmin admin() {
    return KafkaAdmin.connect(kafka.bootstrapServers(), Duration.ofSeconds(10));
  }

  @Test
  void listsTopicsByPatternWithShapesAndEndOffsets() {
    try (KafkaAdmin a = admin()) {
      List<String> topics = a.topics(KafkaAdmin.pattern("^logs.*"));
      assertThat(topics).containsExactly("logs.orders", "logs.payments");
      Map<String, KafkaAdmin.TopicShape> shapes = a.shapes(topics);
      assertThat(shapes.get("logs.orders")).isEqualTo(new KafkaAdmin.TopicShape(3, 1));
      Map<String, Map<Integer, Long>> ends =
          a.endOffsets(Map.of("logs.orders", 3, "logs.payments", 1));
      assertThat(ends.get("logs.orders").values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(30);
      assertThat(ends.get("logs.payments")).containsEntry(0, 0L);
      assertThat(a.shapes(List.of("logs.missing"))).isEmpty();
      assertThat(a.brokerCount()).isEqualTo(1);
    }
  }

  @Test
  void createAndGrowAreIdempotentAndIncreaseOnly() {
    try (KafkaAdmin a = admin()) {
      assertThat(a.createTopic("logs.new", 2, (short) 1)).isTrue();
      assertThat(a.createTopic("logs.new", 2, (short) 1)).as("already exists").isFalse();
      assertThat(a.increasePartitions("logs.new", 4)).isTrue();
      assertThat(a.increasePartitions("logs.new", 4)).as("already has 4").isFalse();
      assertThat(a.increasePartitions("logs.new", 3)).as("never shrinks").isFalse();
      assertThat(a.shapes(List.of("logs.new")).get("logs.new").partitions()).isEqualTo(4);
    }
  }

  @Test
  void anUnreachableClusterFailsFastAndRetryablyNamingTheServers() {
    String nowhere = "127.0.0.1:" + FreePorts.pick();
    assertThatThrownBy(() -> KafkaAdmin.connect(nowhere, Duration.ofSeconds(10)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(nowhere)
        .hasMessageContaining("cannot be reached")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isFalse());
  }

  @Test
  void aPatternThatDoesNotCompileIsABadConfiguration() {
    assertThatThrownBy(() -> KafkaAdmin.pattern("^logs.(*"))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("not a regular expression")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
  }
}
