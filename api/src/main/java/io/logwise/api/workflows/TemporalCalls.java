package io.logwise.api.workflows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.logwise.api.errors.ApiException;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How a call to a workflow waits and fails: updates wait up to a deadline for their result; every
 * way a call can fail becomes an {@link ApiException}. A handler's validator refusing the request
 * is a 400, a conflict it reports a 409, anything else a 503.
 */
final class TemporalCalls {

  private final Duration timeout;
  private final ExecutorService executor;
  private final java.util.function.UnaryOperator<String> notProgressing;

  /**
   * @param notProgressing what keeps a workflow (by id) from progressing, or null; said in the 503
   *     of a call that timed out or found no worker
   */
  TemporalCalls(
      Duration timeout,
      ExecutorService executor,
      java.util.function.UnaryOperator<String> notProgressing) {
    this.timeout = timeout;
    this.executor = executor;
    this.notProgressing = notProgressing;
  }

  /** {@code message}, and what keeps {@code workflowId} from progressing if anything does. */
  private String withProgress(String workflowId, String message) {
    String problem;
    try {
      problem = notProgressing.apply(workflowId);
    } catch (RuntimeException e) {
      problem = null; // cannot tell; the message stands alone
    }
    return problem == null
        ? message
        : message + ". " + workflowId + " is not progressing: " + problem;
  }

  /** Starts an update (accepted by the workflow) and waits for its result. */
  <R> R update(
      String workflowId, String what, String failureCode, Supplier<WorkflowUpdateHandle<R>> start) {
    return within(
        accepting(start).thenCompose(WorkflowUpdateHandle::getResultAsync),
        workflowId,
        failureCode,
        what + " on " + workflowId + " did not finish",
        "complete");
  }

  /** How long a call that may hand its operation over waits for it before answering 202. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

  /**
   * As {@link #update}, for an operation that may outlast the request: waits for the workflow to
   * accept it (within the update deadline, else 503 as there), then for its result at most {@link
   * #ANSWER_WITHIN} (or the update deadline when shorter); an operation still running then is
   * {@link Followed.Running}, and goes on in the workflow.
   */
  <R> Followed<R> updateOrFollow(
      String workflowId, String what, String failureCode, Supplier<WorkflowUpdateHandle<R>> start) {
    WorkflowUpdateHandle<R> accepted =
        within(
            accepting(start),
            workflowId,
            failureCode,
            what + " on " + workflowId + " was not taken by the workflow",
            "run");
    Duration wait = timeout.compareTo(ANSWER_WITHIN) < 0 ? timeout : ANSWER_WITHIN;
    return await(workflowId, failureCode, accepted, wait);
  }

  /** Sends the update from the bounded pool; a full pool is a 503 BUSY. */
  private <R> CompletableFuture<WorkflowUpdateHandle<R>> accepting(
      Supplier<WorkflowUpdateHandle<R>> start) {
    try {
      return CompletableFuture.supplyAsync(retryWhileHistoryIsFull(start), executor);
    } catch (RejectedExecutionException e) {
      throw ApiException.unavailable("BUSY", "too many requests waiting for workflows; try again");
    }
  }

  /**
   * {@code call}'s value within the update deadline; past it a 503 TIMEOUT saying "{@code missed}
   * within Ns; it may still {@code still}" and what keeps the workflow from progressing.
   */
  private <T> T within(
      CompletableFuture<T> call,
      String workflowId,
      String failureCode,
      String missed,
      String still) {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw ApiException.unavailable(
          "TIMEOUT",
          withProgress(
              workflowId,
              missed
                  + " within "
                  + timeout.toSeconds()
                  + "s; it may still "
                  + still
                  + ": check "
                  + workflowId
                  + " in the Temporal UI"));
    } catch (ExecutionException e) {
      throw translate(workflowId, failureCode, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("INTERRUPTED", "interrupted while waiting for " + workflowId);
    }
  }

  /**
   * Follows an operation handed over by {@link #updateOrFollow}: its result once it finished, or
   * {@link Followed.Running} after waiting at most {@code wait} for it. An id that the run does not
   * know (or a run that is gone) is a 404.
   */
  <R> Followed<R> follow(
      String workflowId, String failureCode, WorkflowUpdateHandle<R> handle, Duration wait) {
    return await(workflowId, failureCode, handle, wait);
  }

  private <R> Followed<R> await(
      String workflowId, String failureCode, WorkflowUpdateHandle<R> handle, Duration wait) {
    CompletableFuture<R> result = handle.getResultAsync(wait.toMillis(), TimeUnit.MILLISECONDS);
    try {
      // the long poll ends by itself at wait; the margin only covers a call that never answers
      return new Followed.Done<>(result.get(wait.toMillis() + 10_000, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      result.cancel(true);
      return running(handle);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WorkflowUpdateTimeoutOrCancelledException) {
        return running(handle);
      }
      if (hasStatus(cause, Status.Code.NOT_FOUND) || cause instanceof WorkflowNotFoundException) {
        throw ApiException.notFound(
            "UNKNOWN_OPERATION",
            "no operation "
                + handle.getId()
                + " in run "
                + handle.getExecution().getRunId()
                + " of "
                + workflowId);
      }
      throw translate(workflowId, failureCode, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("INTERRUPTED", "interrupted while waiting for " + workflowId);
    }
  }

  private static <R> Followed<R> running(WorkflowUpdateHandle<R> handle) {
    return new Followed.Running<>(handle.getId(), handle.getExecution().getRunId());
  }

  /**
   * A workflow refuses updates for the moment it takes to continue as new (its history is full):
   * nothing ran, so the update is sent again, to the next run, until the deadline. For the instant
   * between the old run closing and the new one starting, Temporal may say the workflow is not
   * found: that is retried for {@link #HANDOVER} before it is believed.
   */
  private <R> Supplier<WorkflowUpdateHandle<R>> retryWhileHistoryIsFull(
      Supplier<WorkflowUpdateHandle<R>> start) {
    return () -> {
      long deadline = System.nanoTime() + timeout.toNanos();
      // a quarter of the deadline at most, so a workflow that is really not running is said
      long handover = System.nanoTime() + Math.min(HANDOVER.toNanos(), timeout.toNanos() / 4);
      int attempt = 0;
      while (true) {
        try {
          return start.get();
        } catch (WorkflowNotFoundException e) {
          if (System.nanoTime() > handover) {
            throw e;
          }
          pause(e, attempt++);
        } catch (WorkflowUpdateException e) {
          boolean full =
              e.getCause() instanceof ApplicationFailure f
                  && LogwiseFailures.HISTORY_FULL.equals(f.getOriginalMessage());
          if (!full || System.nanoTime() > deadline) {
            throw e;
          }
          pause(e, attempt++);
        }
      }
    };
  }

  static final Duration HANDOVER = Duration.ofSeconds(2);

  /**
   * 100 ms, doubling to at most a second, with jitter: callers retrying in step kept a full run
   * from handing over (each attempt to continue as new met a new update).
   */
  private static void pause(RuntimeException e, int attempt) {
    long base = Math.min(1_000, 100L << Math.min(attempt, 4));
    try {
      Thread.sleep(
          base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  <R> R query(String workflowId, Supplier<R> query) {
    try {
      return query.get();
    } catch (RuntimeException e) {
      throw translate(workflowId, "QUERY_FAILED", e);
    }
  }

  /** A signal (with start): Temporal has it when this returns; anything else is a 503. */
  void signal(String workflowId, Runnable signal) {
    try {
      signal.run();
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

  void cancel(String workflowId, Runnable cancel) {
    try {
      cancel.run();
    } catch (RuntimeException e) {
      throw translate(workflowId, "NOT_CANCELLED", e);
    }
  }

  private ApiException translate(String workflowId, String failureCode, Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof ApiException said) {
      return said; // the call's own answer
    }
    if (cause instanceof WorkflowUpdateException update
        && !(update.getCause() instanceof ApplicationFailure)
        && update.getCause() != null) {
      // an activity the update ran failed: say what failed (S3 is down), not the update's ids
      return ApiException.unavailable(failureCode, LogwiseFailures.rootMessage(update));
    }
    if (cause instanceof WorkflowUpdateException update
        && update.getCause() instanceof ApplicationFailure failure) {
      if (IllegalArgumentException.class.getName().equals(failure.getType())) {
        return ApiException.badRequest(failure.getOriginalMessage());
      }
      if (IllegalStateException.class.getName().equals(failure.getType())) {
        return ApiException.conflict("CONFLICT", failure.getOriginalMessage());
      }
      if (java.util.NoSuchElementException.class.getName().equals(failure.getType())) {
        return ApiException.notFound("NOT_FOUND", failure.getOriginalMessage());
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
              + " is not running: start the Logwise worker, which starts every configured tenant's"
              + " workflows");
    }
    if (hasStatus(cause, Status.Code.UNAVAILABLE)) {
      return ApiException.unavailable("TEMPORAL_UNAVAILABLE", "Temporal cannot be reached");
    }
    if (hasStatus(cause, Status.Code.DEADLINE_EXCEEDED)) {
      return ApiException.unavailable(
          "TEMPORAL_UNAVAILABLE",
          withProgress(workflowId, "Temporal cannot be reached, or no worker answered"));
    }
    return ApiException.unavailable(
        failureCode, workflowId + ": " + LogwiseFailures.rootMessage(cause));
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
