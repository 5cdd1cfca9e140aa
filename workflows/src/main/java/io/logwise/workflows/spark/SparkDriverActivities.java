package io.logwise.workflows.spark;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The tenant's Spark standalone master, in the supervisor's words. */
@ActivityInterface
public interface SparkDriverActivities {

  /**
   * Reads the master's {@code /json/} and, for our submission, {@code /v1/submissions/status/{id}}.
   * Drivers are ours when their main class is the tenant's. Read only. Fails with {@code
   * LogwiseUnavailable} when the master does not answer.
   */
  @ActivityMethod
  DriverObservation observe(ObserveRequest request);

  /**
   * Submits the driver, at most once per {@code idempotencyKey}: a key already submitted returns
   * its submission; a live driver of the tenant's application on the master is adopted instead of
   * submitting a second one. Every submission is recorded in {@code spark_submission}. Secrets in
   * the request body are loaded here from configuration and never logged or returned. Fails with
   * non-retryable {@code LogwiseBadConfig} when the master rejects the submission (HTTP 4xx or
   * {@code success:false}) or the tenant has no jar configured; {@code LogwiseUnavailable} when the
   * master cannot be reached.
   */
  @ActivityMethod
  SubmitResult submitDriver(SubmitRequest request);

  /** Asks the master to kill a driver. Idempotent: an already finished driver is fine. */
  @ActivityMethod
  KillResult killDriver(KillRequest request);

  /**
   * Polls until the driver is no longer alive, heartbeating, up to {@code timeoutSeconds}; then
   * fails with {@code LogwiseUnavailable} (retried by the caller's policy).
   */
  @ActivityMethod
  DriverGone awaitDriverGone(AwaitGoneRequest request);
}
