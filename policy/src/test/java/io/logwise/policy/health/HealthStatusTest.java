package io.logwise.policy.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthStatusTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "UP;UP;UP;UP,UP",
    "UP;WARNING;UP;UP,WARNING",
    "WARNING;DOWN;UP;UP,DOWN",
    "DOWN;DOWN;DOWN;DOWN,DOWN"
  })
  void theWorstPartWins(String parts, HealthStatus expected) {
    List<HealthStatus> list = Arrays.stream(parts.split(";")).map(HealthStatus::valueOf).toList();
    assertThat(HealthStatus.overall(list)).isEqualTo(expected);
  }
}
