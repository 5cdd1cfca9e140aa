package io.logwise.api.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.logwise.api.errors.ApiException;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to running workflows for the API: updates (waiting, up to a deadline, for the result) and
 * queries. Every way this can fail becomes an {@link ApiException}; nothing is answered as a
 * success unless the workflow said so. A handler's validator rejecting the request is a 400.
 */
public final class WorkflowGateway {

  private final WorkflowClient client;
  private final Duration timeout;
  private final ExecutorService executor;
  private final String taskQueue;

  public WorkflowGateway(
      WorkflowClient client, Duration timeout, ExecutorService executor, String taskQueue) {
    this.client = client;
    this.timeout = timeout;
    this.executor = executor;
    this.taskQueue = taskQueue;
  }

  /**
   * Delivers a signal, starting the workflow first when it is not running. Returns once Temporal
   * has the signal; anything else is a 503 — never a silent success.
   */
  public void signalWithStart(
      String workflowId,
      String workflowType,
      Object startInput,
      String signal,
      Object signalInput) {
    try {
      client
          .newUntypedWorkflowStub(
              workflowType,
              io.temporal.client.WorkflowOptions.newBuilder()
                  .setWorkflowId(workflowId)
                  .setTaskQueue(taskQueue)
                  .build())
          .signalWithStart(signal, new Object[] {signalInput}, new Object[] {startInput});
    } catch (RuntimeException e) {
      if (hasStatus(e, Status.Code.UNAVAILABLE) || hasStatus(e, Status.Code.DEADLINE_EXCEEDED)) {
        throw ApiException.unavailable(
            "TEMPORAL_UNAVAILABLE", "Temporal cannot be reached: the report was not delivered");
      }
      throw ApiException.unavailable(
          "NOT_DELIVERED",
          "the report could not be delivered to " + workflowId + ": " + e.getMessage());
    }
  }

  /**
   * Runs update {@code name} on {@code workflowId} and returns its result.
   *
   * @param failureCode the error code when the handler itself fails (e.g. {@code SYNC_FAILED})
   */
  public <R> R update(
      String workflowId, String name, Object request, Class<R> resultType, String failureCode) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    UpdateOptions<R> options =
        UpdateOptions.newBuilder(resultType)
            .setUpdateName(name)
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build();
    CompletableFuture<R> result;
    try {
      result =
          CompletableFuture.supplyAsync(() -> stub.startUpdate(options, request), executor)
              .thenCompose(WorkflowUpdateHandle::getResultAsync);
    } catch (RejectedExecutionException e) {
      throw ApiException.unavailable("BUSY", "too many requests waiting for workflows; try again");
    }
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw ApiException.unavailable(
          "TIMEOUT",
          name
              + " on "
              + workflowId
              + " did not finish within "
              + timeout.toSeconds()
              + "s; it may still complete: check "
              + workflowId
              + " in the Temporal UI");
    } catch (ExecutionException e) {
      throw translate(workflowId, failureCode, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("INTERRUPTED", "interrupted while waiting for " + workflowId);
    }
  }

  /**
   * Starts a workflow under {@code workflowId}; an id used before (running or not) is a 409, an
   * unreachable Temporal a 503. Returns the run id.
   */
  public String start(String workflowId, String workflowType, Object input) {
    try {
      return client
          .newUntypedWorkflowStub(
              workflowType,
              io.temporal.client.WorkflowOptions.newBuilder()
                  .setWorkflowId(workflowId)
                  .setTaskQueue(taskQueue)
                  .setWorkflowIdReusePolicy(
                      io.temporal.api.enums.v1.WorkflowIdReusePolicy
                          .WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                  .build())
          .start(input)
          .getRunId();
    } catch (io.temporal.client.WorkflowExecutionAlreadyStarted e) {
      throw ApiException.conflict(
          "ALREADY_EXISTS", workflowId + " exists already; pick another id");
    } catch (RuntimeException e) {
      throw translate(workflowId, "NOT_STARTED", e);
    }
  }

  /** Whether the workflow runs; true when Temporal cannot tell (the safe answer for a slot). */
  public boolean isRunning(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      return !hasStatus(e, Status.Code.NOT_FOUND);
    }
  }

  /** Asks a running workflow to cancel (it cleans up, then ends as cancelled). */
  public void cancel(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).cancel();
    } catch (RuntimeException e) {
      throw translate(workflowId, "NOT_CANCELLED", e);
    }
  }

  /** Runs query {@code name} on {@code workflowId}. */
  public <R> R query(String workflowId, String name, Class<R> resultType) {
    try {
      return client.newUntypedWorkflowStub(workflowId).query(name, resultType);
    } catch (RuntimeException e) {
      throw translate(workflowId, "QUERY_FAILED", e);
    }
  }

  private static ApiException translate(String workflowId, String failureCode, Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof WorkflowUpdateException update
        && update.getCause() instanceof ApplicationFailure failure) {
      if (IllegalArgumentException.class.getName().equals(failure.getType())) {
        return ApiException.badRequest(failure.getOriginalMessage());
      }
      if (IllegalStateException.class.getName().equals(failure.getType())) {
        return ApiException.conflict("CONFLICT", failure.getOriginalMessage());
      }
      return ApiException.unavailable(failureCode, failure.getOriginalMessage());
    }
    if (cause instanceof WorkflowNotFoundException
        || (cause instanceof WorkflowQueryException q
            && q.getCause() instanceof WorkflowNotFoundException)
        || hasStatus(cause, Status.Code.NOT_FOUND)) {
      return ApiException.unavailable(
          "WORKFLOW_NOT_RUNNING",
          workflowId
              + " is not running: start the Logwise worker, which starts every configured tenant's workflows");
    }
    if (hasStatus(cause, Status.Code.UNAVAILABLE)
        || hasStatus(cause, Status.Code.DEADLINE_EXCEEDED)) {
      return ApiException.unavailable(
          "TEMPORAL_UNAVAILABLE", "Temporal cannot be reached, or no worker answered");
    }
    return ApiException.unavailable(failureCode, workflowId + ": " + cause.getMessage());
  }

  private static boolean hasStatus(Throwable t, Status.Code code) {
    for (Throwable cur = t; cur != null; cur = cur.getCause()) {
      if (cur instanceof StatusRuntimeException s && s.getStatus().getCode() == code) {
        return true;
      }
    }
    return false;
  }
}
