package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.activities.support.KafkaBrokers;
import io.logwise.policy.sim.Trace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The log generator against a real KRaft broker: every record counted, none early. */
@Tag("kafka")
class LogGeneratorIT {

  private static KafkaBrokers kafka;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaBrokers.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyRecordTheTraceAsksForArrivesOnItsServicesTopicOnSchedule() throws Exception {
    Trace trace =
        Trace.parse(
            "three-minutes",
            List.of("# three minutes", "minute,records_per_second", "0,10", "1,20", "2,5", "3,40"));
    // minutes 1..3 at 60x (a trace minute a second), half the rate: 600 + 150 + 1200 records
    LogGenerator.Plan plan =
        new LogGenerator.Plan(trace, 1, 3, 60, 0.5, List.of("checkout", "payments", "search"));
    List<Integer> minutes = new ArrayList<>();
    Instant before = Instant.now();
    LogGenerator.Counts counts;
    try (LogGenerator g = new LogGenerator(kafka.bootstrapServers())) {
      g.createTopics(plan.services(), 3);
      counts = g.play(plan, minutes::add);
    }
    assertThat(minutes).containsExactly(1, 2, 3);
    assertThat(counts.total()).isEqualTo(600 + 150 + 1200);
    assertThat(counts.acknowledged())
        .isEqualTo(Map.of("checkout", 650L, "payments", 650L, "search", 650L));
    assertThat(counts.failed().values()).containsOnly(0L);

    Set<Long> seqs = new HashSet<>();
    for (String service : plan.services()) {
      List<JsonNode> records = readAll(LogGenerator.topic(service));
      assertThat(records).as(service).hasSize(650);
      for (JsonNode r : records) {
        assertThat(r.get("service_name").asText()).isEqualTo(service);
        assertThat(seqs.add(r.get("seq").asLong())).as("no record twice").isTrue();
        int m = r.get("trace_minute").asInt();
        Instant at = Instant.parse(r.get("timestamp").asText());
        assertThat(at)
            .as("minute %d's records are sent no earlier than its second", m)
            .isAfterOrEqualTo(before.plusMillis((m - 1) * 1000L));
      }
    }
    assertThat(seqs).hasSize(1950).allMatch(s -> s >= 0 && s < 1950);
  }

  private static List<JsonNode> readAll(String topic) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<JsonNode> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (var r : c.poll(Duration.ofMillis(500))) {
          out.add(JSON.readTree(r.value()));
        }
      }
    }
    return out;
  }
}
