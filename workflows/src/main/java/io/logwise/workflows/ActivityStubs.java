package io.logwise.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * The one way Logwise workflows configure activity calls: a start-to-close timeout, an optional
 * heartbeat timeout, a bounded number of attempts with exponential backoff, and no retries of the
 * non-retryable {@link LogwiseFailures}. The summary labels the call in the UI's timeline.
 */
public final class ActivityStubs {

  private ActivityStubs() {}

  /**
   * One stub for an activity interface: {@code defaults} for its methods, {@code perMethod} (keyed
   * by activity type, e.g. {@code "SubmitDriver"}) where one needs other timeouts or retries.
   */
  public static <T> T of(
      Class<T> activityInterface,
      ActivityOptions defaults,
      Map<String, ActivityOptions> perMethod) {
    return Workflow.newActivityStub(activityInterface, defaults, perMethod);
  }

  public static ActivityOptions options(
      Duration startToClose, Duration heartbeat, int attempts, String summary) {
    ActivityOptions.Builder b =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(startToClose)
            .setSummary(summary)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2.0)
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(attempts)
                    .setDoNotRetry(LogwiseFailures.NON_RETRYABLE.toArray(String[]::new))
                    .build());
    if (heartbeat != null) {
      b.setHeartbeatTimeout(heartbeat);
    }
    return b.build();
  }
}
