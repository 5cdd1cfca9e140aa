package io.logwise.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class LogwiseFailuresTest {

  @Test
  void theDeepestCauseThatSaysSomethingIsTheReason() {
    assertThat(
            LogwiseFailures.rootMessage(
                new RuntimeException(
                    "outer",
                    LogwiseFailures.unavailable("S3 unreachable: connection refused", null))))
        .isEqualTo("S3 unreachable: connection refused");
    assertThat(LogwiseFailures.rootMessage(new RuntimeException("outer", new RuntimeException(""))))
        .as("a blank root does not blank the reason")
        .isEqualTo("outer");
    assertThat(
            LogwiseFailures.rootMessage(
                ApplicationFailure.newFailureWithCause(
                    "master at 127.0.0.1:7077 unreachable",
                    "LogwiseUnavailable",
                    new java.net.ConnectException())))
        .isEqualTo("master at 127.0.0.1:7077 unreachable");
    assertThat(LogwiseFailures.rootMessage(new IllegalStateException()))
        .as("never empty, never a class name")
        .isEqualTo("no reason given (the worker log has the details)");
  }
}
