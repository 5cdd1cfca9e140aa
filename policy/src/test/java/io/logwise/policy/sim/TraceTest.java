package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

  @Test
  void parsesTheCsvWithCommentsAndRepeatsWhenRunLonger() {
    Trace t =
        Trace.parse(
            "t",
            List.of("# two minutes", "minute,records_per_second", "0,10", "# mid", "1,20", ""));
    assertThat(t.description()).isEqualTo("two minutes");
    assertThat(t.minutes()).isEqualTo(2);
    assertThat(t.rateAt(3)).isEqualTo(20);
    assertThat(t.peak()).isEqualTo(20);
    assertThat(t.shifted(1).rateAt(0)).isEqualTo(20);
  }

  @Test
  void everyProblemNamesItsLine() {
    assertThatThrownBy(() -> Trace.parse("t", List.of("minute,rate")))
        .hasMessageContaining("t:1: expected the header");
    assertThatThrownBy(() -> Trace.parse("t", List.of("minute,records_per_second", "0,10", "2,10")))
        .hasMessageContaining("t:3: minute 2 where 1 was expected");
    assertThatThrownBy(() -> Trace.parse("t", List.of("minute,records_per_second", "0,x")))
        .hasMessageContaining("t:2: not two whole numbers");
    assertThatThrownBy(() -> Trace.parse("t", List.of("minute,records_per_second")))
        .hasMessageContaining("no data rows");
  }
}
