package io.logwise.policy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartBudgetTest {

  private final RestartBudget noJitter =
      new RestartBudget(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1), 0);

  @ParameterizedTest(name = "crash #{0} waits {1}s")
  @CsvSource({
    "0,0",
    "1,0",
    "2,30",
    "3,60",
    "4,120",
    "5,240",
    "6,480",
    "7,600",
    "8,600",
    "40,600",
    "2147483647,600"
  })
  void backoffDoublesFromBaseUpToTheCap(int crashes, long seconds) {
    assertThat(noJitter.delayBefore(crashes, 0.5)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @CsvSource({"0.0,24", "0.5,30", "0.999999,36"})
  void jitterSpreadsTheWaitWithinItsFraction(double random, long seconds) {
    assertThat(RestartBudget.DEFAULT.delayBefore(2, random).toSeconds()).isEqualTo(seconds);
  }

  @Test
  void jitterNeverExceedsTheCap() {
    assertThat(RestartBudget.DEFAULT.delayBefore(20, 0.999)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aStableRunEarnsAFreshBudget() {
    Instant up = Instant.parse("2026-11-21T10:00:00Z");
    assertThat(noJitter.crashesAfterDeath(5, up, up.plus(Duration.ofHours(1)))).isEqualTo(1);
    assertThat(noJitter.crashesAfterDeath(5, up, up.plus(Duration.ofMinutes(59)))).isEqualTo(6);
    assertThat(noJitter.crashesAfterDeath(2, null, up)).as("never ran").isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource({
    "RUNNING,true,false",
    "SUBMITTED,true,false",
    "RELAUNCHING,true,false",
    "UNKNOWN,true,false",
    "KILLED,false,false",
    "FAILED,false,true",
    "ERROR,false,true",
    "FINISHED,false,true",
    "NOT_FOUND,false,false"
  })
  void driverStates(DriverState state, boolean alive, boolean crash) {
    assertThat(state.isAlive()).isEqualTo(alive);
    assertThat(state.isCrash()).isEqualTo(crash);
  }

  @ParameterizedTest
  @CsvSource({"running,RUNNING", "' Relaunching ',RELAUNCHING", "'',NOT_FOUND", "WEIRD,UNKNOWN"})
  void statesParseLeniently(String raw, DriverState expected) {
    assertThat(DriverState.parse(raw)).isEqualTo(expected);
  }
}
