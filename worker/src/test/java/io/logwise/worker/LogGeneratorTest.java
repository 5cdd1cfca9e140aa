package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.policy.sim.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogGeneratorTest {

  private static final Trace TRACE =
      Trace.parse("t", List.of("minute,records_per_second", "0,10", "1,3"));

  @Test
  void aMinuteAsksForItsScaledRateForSixtySeconds() {
    LogGenerator.Plan plan = new LogGenerator.Plan(TRACE, 0, 2, 60, 0.25, List.of("a"));
    assertThat(plan.recordsIn(0)).isEqualTo(150);
    assertThat(plan.recordsIn(1)).isEqualTo(45);
  }

  @Test
  void aPlanOutsideTheTraceOrWithoutServicesIsRefused() {
    assertThatThrownBy(() -> new LogGenerator.Plan(TRACE, 1, 2, 1, 1, List.of("a")))
        .hasMessageContaining("outside the trace's 2");
    assertThatThrownBy(() -> new LogGenerator.Plan(TRACE, 0, 1, 0, 1, List.of("a")))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new LogGenerator.Plan(TRACE, 0, 1, 1, 1, List.of()))
        .hasMessageContaining("at least one service");
  }

  @Test
  void aRecordIsLogwiseShapedJson() throws Exception {
    var r =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                LogGenerator.record(
                    "checkout", 7, 3, java.time.Instant.parse("2026-12-05T06:00:00Z")));
    assertThat(r.get("service_name").asText()).isEqualTo("checkout");
    assertThat(r.get("timestamp").asText()).isEqualTo("2026-12-05T06:00:00Z");
    assertThat(r.get("message").asText()).isEqualTo("generated record 7 of checkout");
    assertThat(r.get("trace_minute").asInt()).isEqualTo(3);
  }

  @Test
  void theCommandSaysWhatIsWrongWithItsPlan() {
    assertThat(
            Logwise.commandLine()
                .execute("generate-logs", "--kafka", "127.0.0.1:1", "--minutes", "0"))
        .isEqualTo(2);
  }

  @Test
  void aMinuteIsSentInSlicesOfAboutASecond() {
    assertThat(LogGenerator.slices(1)).as("real time: one slice a second").isEqualTo(60);
    assertThat(LogGenerator.slices(4)).isEqualTo(15);
    assertThat(LogGenerator.slices(60)).as("a trace minute a second: one slice").isEqualTo(1);
    assertThat(LogGenerator.slices(600)).as("never none").isEqualTo(1);
    assertThat(LogGenerator.slices(0.5)).as("never more than 60").isEqualTo(60);
  }
}
