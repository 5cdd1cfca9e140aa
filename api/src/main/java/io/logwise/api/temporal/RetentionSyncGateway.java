package io.logwise.api.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.logwise.api.errors.ApiException;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.retention.SyncRequest;
import io.logwise.workflows.retention.SyncResult;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks {@code retention-sync/<tenant>} to sync now through a Temporal update and waits, up to a
 * deadline, for the result. Every way this can fail becomes an {@link ApiException}: nothing is
 * answered as a success unless the workflow says it synced.
 */
public final class RetentionSyncGateway {

  private final WorkflowClient client;
  private final Duration timeout;
  private final ExecutorService executor;

  public RetentionSyncGateway(WorkflowClient client, Duration timeout, ExecutorService executor) {
    this.client = client;
    this.timeout = timeout;
    this.executor = executor;
  }

  public SyncResult syncNow(String tenant, SyncRequest request) {
    String workflowId = WorkflowIds.retentionSync(tenant);
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    UpdateOptions<SyncResult> options =
        UpdateOptions.newBuilder(SyncResult.class)
            .setUpdateName("syncNow")
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build();
    CompletableFuture<SyncResult> result =
        CompletableFuture.supplyAsync(() -> stub.startUpdate(options, request), executor)
            .thenCompose(WorkflowUpdateHandle::getResultAsync);
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw ApiException.unavailable(
          "TIMEOUT",
          "the sync for tenant '"
              + tenant
              + "' did not finish within "
              + timeout.toSeconds()
              + "s; it may still complete: check "
              + workflowId
              + " in the Temporal UI");
    } catch (ExecutionException e) {
      throw translate(tenant, workflowId, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("INTERRUPTED", "interrupted while waiting for the sync");
    }
  }

  private static ApiException translate(String tenant, String workflowId, Throwable t) {
    Throwable cause =
        t instanceof java.util.concurrent.CompletionException && t.getCause() != null
            ? t.getCause()
            : t;
    if (cause instanceof WorkflowUpdateException update
        && update.getCause() instanceof ApplicationFailure failure) {
      if (LogwiseFailures.SYNC_FAILED.equals(failure.getType())) {
        return ApiException.unavailable("SYNC_FAILED", failure.getOriginalMessage());
      }
      if (IllegalArgumentException.class.getName().equals(failure.getType())) {
        return ApiException.badRequest(failure.getOriginalMessage());
      }
      return ApiException.unavailable("SYNC_FAILED", failure.getOriginalMessage());
    }
    if (cause instanceof WorkflowNotFoundException || hasStatus(cause, Status.Code.NOT_FOUND)) {
      return ApiException.unavailable(
          "WORKFLOW_NOT_RUNNING",
          workflowId
              + " is not running: start the Logwise worker, which starts every configured"
              + " tenant's workflows");
    }
    if (hasStatus(cause, Status.Code.UNAVAILABLE)
        || hasStatus(cause, Status.Code.DEADLINE_EXCEEDED)) {
      return ApiException.unavailable("TEMPORAL_UNAVAILABLE", "Temporal cannot be reached");
    }
    return ApiException.unavailable(
        "SYNC_FAILED",
        "the sync for tenant '" + tenant + "' could not be run: " + cause.getMessage());
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
