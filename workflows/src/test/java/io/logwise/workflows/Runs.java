package io.logwise.workflows;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helpers for the history rule: every run of a workflow, and updates sent as the API does. */
public final class Runs {

  private Runs() {}

  /** Every run of {@code workflowId}: the latest, then back through each run it continued from. */
  public static List<WorkflowExecutionHistory> of(WorkflowClient client, String workflowId) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    String runId = "";
    while (runId != null) {
      WorkflowExecutionHistory h = client.fetchHistory(workflowId, runId);
      runs.add(h);
      String previous =
          h.getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getContinuedExecutionRunId();
      runId = previous.isEmpty() ? null : previous;
    }
    return runs;
  }

  /**
   * Registers {@code activities} on the test worker, starts the environment and returns a stub of
   * {@code type} for {@code workflowId} on the worker's queue (the caller starts it).
   */
  public static <W> W stubOnTestWorker(
      io.temporal.testing.TestWorkflowEnvironment env,
      io.temporal.worker.Worker worker,
      WorkflowClient client,
      Class<W> type,
      String workflowId,
      Object... activities) {
    worker.registerActivitiesImplementations(activities);
    env.start();
    return client.newWorkflowStub(
        type,
        io.temporal.client.WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  /**
   * A stub of {@code type} for {@code workflowId} on the worker's queue that update-with-start can
   * use (it needs an explicit conflict policy): the update then reaches the run in its first
   * workflow task, before {@code run} has started, as one can right after continue-as-new.
   */
  public static <W> W firstTaskStub(
      WorkflowClient client, io.temporal.worker.Worker worker, Class<W> type, String workflowId) {
    return client.newWorkflowStub(
        type,
        io.temporal.client.WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(worker.getTaskQueue())
            .setWorkflowIdConflictPolicy(
                io.temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .build());
  }

  /** Waits for an update-with-start's result ({@code type}). */
  public static <R> io.temporal.client.UpdateOptions<R> completed(Class<R> type) {
    return io.temporal.client.UpdateOptions.newBuilder(type)
        .setWaitForStage(io.temporal.client.WorkflowUpdateStage.COMPLETED)
        .build();
  }

  public static int longest(List<WorkflowExecutionHistory> runs) {
    return runs.stream().mapToInt(h -> h.getEvents().size()).max().orElse(0);
  }

  /**
   * Sends an update until it is taken, as the API does: again while the workflow refuses it because
   * a full run is handing over ({@code HISTORY_FULL}), or is between two runs.
   */
  public static <T> T retryingUpdate(Callable<T> update) throws Exception {
    return retryingUpdate(new AtomicInteger(), update);
  }

  /** The same, counting the refusals in {@code refused}. */
  public static <T> T retryingUpdate(AtomicInteger refused, Callable<T> update) throws Exception {
    int attempt = 0;
    while (true) {
      try {
        return update.call();
      } catch (WorkflowNotFoundException handover) {
        pause(attempt++);
      } catch (WorkflowUpdateException e) {
        if (!(e.getCause() instanceof ApplicationFailure f)
            || !LogwiseFailures.HISTORY_FULL.equals(f.getOriginalMessage())) {
          throw e;
        }
        refused.incrementAndGet();
        pause(attempt++);
      }
    }
  }

  /** As the API waits between attempts: 100 ms doubling to a second, with jitter. */
  private static void pause(int attempt) throws InterruptedException {
    long base = Math.min(1_000, 100L << Math.min(attempt, 4));
    Thread.sleep(
        base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }
}
