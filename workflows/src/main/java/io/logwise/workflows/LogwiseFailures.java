package io.logwise.workflows;

import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * The stable names of Logwise's {@link ApplicationFailure} types, and which of them retrying cannot
 * fix. Activities throw these; workflows and the API match on them.
 */
public final class LogwiseFailures {

  /** A tenant's configuration cannot work (missing bucket, rejected submission). */
  public static final String BAD_CONFIG = "LogwiseBadConfig";

  /** The tenant is not in this worker's configuration. */
  public static final String UNKNOWN_TENANT = "LogwiseUnknownTenant";

  /** An input record failed validation. */
  public static final String INVALID_INPUT = "LogwiseInvalidInput";

  /** An outside system could not be reached or answered with an error; retrying may help. */
  public static final String UNAVAILABLE = "LogwiseUnavailable";

  /** An on-demand catalog sync gave up after its retries. */
  public static final String SYNC_FAILED = "LogwiseSyncFailed";

  /** A Kafka cluster migration stopped on a failure (after rolling Vector back where it could). */
  public static final String MIGRATION_FAILED = "LogwiseMigrationFailed";

  /**
   * What an update validator answers while the workflow's history is full and it is about to
   * continue as new: the update was not accepted and nothing ran; the API retries it (briefly)
   * against the next run.
   */
  public static final String HISTORY_FULL =
      "the workflow's history is full and it is continuing as new; retry in a moment";

  /** Failure types that activity retry policies must not retry. */
  public static final List<String> NON_RETRYABLE =
      List.of(BAD_CONFIG, UNKNOWN_TENANT, INVALID_INPUT);

  private LogwiseFailures() {}

  public static ApplicationFailure badConfig(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, BAD_CONFIG);
  }

  public static ApplicationFailure unknownTenant(String tenant) {
    return ApplicationFailure.newNonRetryableFailure(
        "tenant '" + tenant + "' is not configured on this worker", UNKNOWN_TENANT);
  }

  public static ApplicationFailure invalidInput(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INVALID_INPUT);
  }

  public static ApplicationFailure unavailable(String message, Throwable cause) {
    return ApplicationFailure.newFailureWithCause(message, UNAVAILABLE, cause);
  }

  /** The innermost message of a failure chain: what actually went wrong, for state and logs. */
  public static String rootMessage(Throwable t) {
    // the deepest cause that says something: an activity's own failure ("S3 unreachable: …"),
    // not "cannot observe the fleet: " with nothing after it, nor a class name
    String said = null;
    for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
      String message =
          cur instanceof ApplicationFailure af ? af.getOriginalMessage() : cur.getMessage();
      if (message != null && !message.isBlank() && !isTemporalWrapper(cur)) {
        said = message;
      }
    }
    return said != null ? said : "no reason given (the worker log has the details)";
  }

  /** Temporal's wrappers only name the activity or workflow ids ("activityId=…, runId=…"). */
  private static boolean isTemporalWrapper(Throwable t) {
    return t instanceof io.temporal.failure.ActivityFailure
        || t instanceof io.temporal.failure.ChildWorkflowFailure
        || t instanceof io.temporal.client.WorkflowException;
  }
}
