package io.logwise.workflows.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The state's five parts stay one flat object on the wire. {@code wire/supervisor-state-flat.json}
 * was written by the 24-field record before the split (every field set): a run carried over by an
 * older worker, or a script reading {@code GET /spark}, sees the same JSON.
 */
class SupervisorStateWireTest {

  private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private static JsonNode flat() throws Exception {
    try (InputStream in =
        SupervisorStateWireTest.class.getResourceAsStream("/wire/supervisor-state-flat.json")) {
      return MAPPER.readTree(in);
    }
  }

  @Test
  void aStateWrittenBeforeTheSplitReadsBackWhole() throws Exception {
    SupervisorState s = MAPPER.treeToValue(flat(), SupervisorState.class);

    assertThat(s.tenant()).isEqualTo("acme");
    assertThat(s.settings()).isEqualTo(SupervisorSettings.DEFAULTS);
    assertThat(s.control()).isEqualTo(new SupervisorState.Control(true, "rejected"));
    assertThat(s.driver())
        .isEqualTo(
            new SupervisorState.Driver(
                "driver-2", 1500, DriverStatus.RUNNING, 1600, 3, "driver-1"));
    assertThat(s.backoff()).isEqualTo(new SupervisorState.Backoff(2, 9000));
    assertThat(s.reading().mode()).isEqualTo(SupervisionMode.REPLAY);
    assertThat(s.reading().startingOffsetsTimestamp()).isEqualTo(500L);
    assertThat(s.reading().subscribeMode()).isEqualTo(SubscribeMode.ASSIGN);
    assertThat(s.reading().activeReplay().replayId()).isEqualTo("r1");
    assertThat(s.reading().recentReplays())
        .extracting(ReplayRecord::replayId)
        .containsExactly("r1");
    assertThat(s.cluster())
        .isEqualTo(
            new SupervisorState.Cluster(
                "new-1:9092",
                "m0",
                "m1",
                new CutoverResult("m0", "new-1:9092", "driver-0", "driver-1", 1200)));
    assertThat(s.journal())
        .isEqualTo(new SupervisorState.Journal("submitted driver-2", 1500, "boom"));
  }

  @Test
  void itIsWrittenAsTheSameFlatObject() throws Exception {
    JsonNode before = flat();
    SupervisorState s = MAPPER.treeToValue(before, SupervisorState.class);

    JsonNode after = MAPPER.readTree(MAPPER.writeValueAsString(s));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aFreshStateHasEveryPartAndTheOldDefaults() throws Exception {
    SupervisorState s = MAPPER.readValue("{\"tenant\":\"acme\"}", SupervisorState.class);

    assertThat(s.control().paused()).isFalse();
    assertThat(s.driver().submissionId()).isNull();
    assertThat(s.reading().mode()).isEqualTo(SupervisionMode.NORMAL);
    assertThat(s.reading().subscribeMode()).isEqualTo(SubscribeMode.PATTERN);
    assertThat(s.reading().recentReplays()).isEmpty();
    assertThat(s.cluster().kafkaBootstrapServers()).isNull();
  }
}
