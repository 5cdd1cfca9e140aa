package io.logwise.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When two tenants' {@code masterHost}s name one Spark master, as start-up's checks see it. */
class MasterHostTest {

  @ParameterizedTest
  @CsvSource({
    "spark-1.internal, SPARK-1.internal, true",
    "spark-1.internal, spark-2.internal, false",
    "localhost, 127.0.0.1, true",
    "127.0.0.1, 127.0.1.1, true",
    "localhost, ::1, true",
    "[::1], LOCALHOST, true",
    "localhost, 10.0.0.1, false",
    "127.0.0.1, 127.0.0.1.example.com, false",
    "localhost, localhost2, false"
  })
  void sameHost(String a, String b, boolean same) {
    assertThat(LogwiseConfiguration.sameHost(a, b)).isEqualTo(same);
    assertThat(LogwiseConfiguration.sameHost(b, a)).isEqualTo(same);
  }

  @ParameterizedTest
  @CsvSource({"localhost", "spark-1"})
  void noHostIsNoMaster(String a) {
    assertThat(LogwiseConfiguration.sameHost(a, null)).isFalse();
    assertThat(LogwiseConfiguration.sameHost(null, a)).isFalse();
  }
}
