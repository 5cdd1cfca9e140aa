package io.logwise.policy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.spark.SupervisorDecision.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SupervisorPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(60);

  private static SupervisorView view(
      DriverState ours,
      Integer submittedSecondsAgo,
      List<String> others,
      Instant backoffUntil,
      boolean paused,
      String stopped) {
    return new SupervisorView(
        ours,
        submittedSecondsAgo == null ? null : NOW.minusSeconds(submittedSecondsAgo),
        others,
        NOW,
        GRACE,
        backoffUntil,
        paused,
        stopped,
        null);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "nothing at all", view(null, null, List.of(), null, false, null), Action.SUBMIT),
        Arguments.of(
            "running", view(DriverState.RUNNING, 600, List.of(), null, false, null), Action.NONE),
        Arguments.of(
            "submitted (reference submitted a twin)",
            view(DriverState.SUBMITTED, 90, List.of(), null, false, null),
            Action.NONE),
        Arguments.of(
            "relaunching under supervise",
            view(DriverState.RELAUNCHING, 900, List.of(), null, false, null),
            Action.NONE),
        Arguments.of(
            "unknown: worker lost",
            view(DriverState.UNKNOWN, 900, List.of(), null, false, null),
            Action.NONE),
        Arguments.of(
            "fresh submission not visible yet",
            view(DriverState.NOT_FOUND, 10, List.of(), null, false, null),
            Action.WAIT),
        Arguments.of(
            "submission vanished after grace",
            view(DriverState.NOT_FOUND, 120, List.of(), null, false, null),
            Action.SUBMIT),
        Arguments.of(
            "failed", view(DriverState.FAILED, 900, List.of(), null, false, null), Action.SUBMIT),
        Arguments.of(
            "failed, backing off",
            view(DriverState.FAILED, 900, List.of(), NOW.plusSeconds(30), false, null),
            Action.WAIT),
        Arguments.of(
            "failed, backoff over",
            view(DriverState.FAILED, 900, List.of(), NOW.minusSeconds(1), false, null),
            Action.SUBMIT),
        Arguments.of(
            "killed but another of ours alive",
            view(DriverState.KILLED, 900, List.of("driver-2"), null, false, null),
            Action.ADOPT),
        Arguments.of(
            "none of ours, one on the master",
            view(null, null, List.of("driver-1"), null, false, null),
            Action.ADOPT),
        Arguments.of(
            "paused", view(DriverState.FAILED, 900, List.of(), null, true, null), Action.NONE),
        Arguments.of(
            "stopped on bad config",
            view(null, null, List.of(), null, false, "rejected"),
            Action.NONE));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("cases")
  void decides(String name, SupervisorView view, Action expected) {
    SupervisorDecision d = SupervisorPolicy.decide(view);
    assertThat(d.action()).isEqualTo(expected);
    assertThat(d.reason()).isNotBlank();
  }

  @org.junit.jupiter.api.Test
  void adoptNamesTheLiveDriver() {
    assertThat(
            SupervisorPolicy.decide(
                    view(null, null, List.of("driver-7", "driver-8"), null, false, null))
                .adoptSubmissionId())
        .isEqualTo("driver-7");
  }

  private static SupervisorView masterBack(DriverState ours, int secondsAgo, Instant backoff) {
    SupervisorView v = view(ours, 900, List.of(), backoff, false, null);
    return new SupervisorView(
        v.ourState(),
        v.ourSubmittedAt(),
        v.otherLiveDrivers(),
        v.now(),
        v.submitGrace(),
        v.backoffUntil(),
        v.paused(),
        v.stoppedReason(),
        NOW.minusSeconds(secondsAgo));
  }

  private static SupervisorDecision graced(SupervisorView v) {
    return SupervisorPolicy.masterBackGrace(v, SupervisorPolicy.decide(v), "driver-1");
  }

  @org.junit.jupiter.api.Test
  void aDriverTheMasterForgotIsNotGoneWhileItsWorkersMayReRegister() {
    SupervisorDecision d = graced(masterBack(DriverState.NOT_FOUND, 4, null));
    assertThat(d.action()).isEqualTo(Action.WAIT);
    assertThat(d.reason())
        .isEqualTo(
            "the master answers again since 4 s; waiting up to 60 s for its workers to"
                + " re-register before deciding driver-1 is gone");
  }

  @org.junit.jupiter.api.Test
  void theGraceEndsAfterSixtySeconds() {
    assertThat(graced(masterBack(DriverState.NOT_FOUND, 59, null))).isNotNull();
    assertThat(graced(masterBack(DriverState.NOT_FOUND, 60, null))).isNull();
  }

  @org.junit.jupiter.api.Test
  void theGraceOnlyReplacesASubmissionOfADriverTheMasterDoesNotKnow() {
    // a driver the master knows is dead: submit at once
    assertThat(graced(masterBack(DriverState.FAILED, 4, null))).isNull();
    // backing off already waits: the backoff's wait stands
    assertThat(graced(masterBack(DriverState.NOT_FOUND, 4, NOW.plusSeconds(30)))).isNull();
    // the master never went away
    assertThat(graced(view(DriverState.NOT_FOUND, 900, List.of(), null, false, null))).isNull();
  }
}
