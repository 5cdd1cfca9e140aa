package io.logwise.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionDefaultsTest {

  private final RetentionDefaults defaults = new RetentionDefaults(3, Map.of("prod", 30));

  @ParameterizedTest(name = "{0}@{1} keeps {2} days")
  @CsvSource({"orders,'',3", "orders,prod,30", "orders,staging,3"})
  void environmentDaysWinOverTheDefault(String service, String env, int expected) {
    assertThat(defaults.daysFor(new ServiceKey(service, env))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0", "3651", "-1"})
  void daysOutsideTheAllowedRangeAreRejected(int days) {
    assertThatThrownBy(() -> new RetentionDefaults(days, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 3650");
    assertThatThrownBy(() -> new RetentionDefaults(3, Map.of("prod", days)))
        .hasMessageContaining("daysByEnvironment.prod");
  }
}
