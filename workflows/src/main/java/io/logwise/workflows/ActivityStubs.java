package io.logwise.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one way Logwise workflows configure activity calls: a start-to-close timeout, an optional
 * heartbeat timeout, a bounded number of attempts with exponential backoff, and no retries of the
 * non-retryable {@link LogwiseFailures}. The summary labels the call in the UI's timeline.
 */
public final class ActivityStubs {

  private ActivityStubs() {}

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
