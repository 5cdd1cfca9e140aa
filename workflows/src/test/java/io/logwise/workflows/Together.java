package io.logwise.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.update.v1.UpdateRef;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Updates delivered to a workflow in one workflow task, as two busy API threads can deliver them:
 * each update's validator then sees the state from before the other's handler ran. The helper waits
 * on events, not on the clock: a hold update keeps the worker inside one workflow task (its
 * validator, through {@link #INTERCEPTOR}, waits: an update of the first kind under an id the
 * interceptor knows), every update is sent, and the hold is released only once the server holds
 * every one of them (a poll for the update's id finds it); the server then hands them to the worker
 * in the next task, together. The hold itself is refused, so it writes nothing. The history is
 * checked for what makes the test mean something: every update was accepted, and in the same
 * workflow task.
 */
public final class Together {

  private Together() {}

  private static final String HOLD = "-test-hold";
  private static final Map<String, Hold> HOLDS = new ConcurrentHashMap<>();

  private record Hold(CountDownLatch entered, CountDownLatch released) {}

  /** Register on the test's worker factory: holds a workflow task while a test sends updates. */
  public static final WorkerInterceptor INTERCEPTOR =
      new WorkerInterceptorBase() {
        @Override
        public WorkflowInboundCallsInterceptor interceptWorkflow(
            WorkflowInboundCallsInterceptor next) {
          return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public void validateUpdate(UpdateInput input) {
              String id = Workflow.getCurrentUpdateInfo().map(u -> u.getUpdateId()).orElse("");
              if (id.endsWith(HOLD)) {
                Hold hold = HOLDS.get(Workflow.getInfo().getWorkflowId());
                if (hold != null) {
                  hold.entered().countDown();
                  WorkflowUnsafe.deadlockDetectorOff(
                      () -> {
                        try {
                          hold.released().await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
                }
                throw new IllegalStateException("a test's hold, refused");
              }
              super.validateUpdate(input);
            }
          };
        }
      };

  /** One update by name with its one argument. */
  public record Update(String name, Object arg, Class<?> resultClass) {}

  /** What a caller got: a result, or the failure the client threw. */
  public record Outcome(String updateId, boolean accepted, Object result, Throwable failure) {
    public boolean taken() {
      return failure == null;
    }

    /** The workflow's own failure the caller saw, as text (its type and message). */
    public String refusal() {
      Throwable t = failure;
      while (t != null && !(t instanceof io.temporal.failure.ApplicationFailure)) {
        t = t.getCause();
      }
      return String.valueOf(t);
    }
  }

  /** Exactly one of {@code outcomes} was taken; returns the other's refusal, as text. */
  public static String refusalOfTheOther(List<Outcome> outcomes) {
    assertThat(outcomes).as("one taken").filteredOn(Outcome::taken).hasSize(1);
    return outcomes.stream().filter(o -> !o.taken()).findFirst().orElseThrow().refusal();
  }

  /**
   * Sends {@code updates} to {@code workflowId} so that one workflow task carries them all, and
   * returns each caller's outcome in the order given. The worker's factory must have {@link
   * #INTERCEPTOR}.
   */
  public static List<Outcome> deliver(WorkflowClient client, String workflowId, Update... updates)
      throws Exception {
    return deliver(client, workflowId, () -> {}, updates);
  }

  /**
   * As {@link #deliver(WorkflowClient, String, Update...)}, running {@code whileHeld} while the
   * worker is held, before the updates are sent: what it makes the server record (an activity's
   * completion) reaches the worker in the same task as the updates.
   */
  public static List<Outcome> deliver(
      WorkflowClient client, String workflowId, Runnable whileHeld, Update... updates)
      throws Exception {
    Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
    HOLDS.put(workflowId, hold);
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<Object>> calls = new ArrayList<>();
    try {
      // the first update's own name and argument, under an id the interceptor knows
      CompletableFuture<Object> held =
          send(client, workflowId, workflowId + "-" + System.nanoTime() + HOLD, updates[0]);
      assertThat(hold.entered().await(60, TimeUnit.SECONDS))
          .as("the worker took the hold")
          .isTrue();
      whileHeld.run();
      for (int i = 0; i < updates.length; i++) {
        String id = workflowId + "-together-" + System.nanoTime() + "-" + i;
        ids.add(id);
        calls.add(send(client, workflowId, id, updates[i]));
      }
      for (String id : ids) {
        awaitHeld(client, workflowId, id);
      }
      hold.released().countDown();
      assertThat(held).failsWithin(60, TimeUnit.SECONDS);
    } finally {
      hold.released().countDown();
      HOLDS.remove(workflowId);
    }
    List<Object> results = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (CompletableFuture<Object> call : calls) {
      try {
        results.add(call.get(60, TimeUnit.SECONDS));
        failures.add(null);
      } catch (ExecutionException e) {
        results.add(null);
        failures.add(e.getCause());
      }
    }
    Set<String> accepted = acceptedInOneTask(client, workflowId, Set.copyOf(ids));
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      outcomes.add(
          new Outcome(ids.get(i), accepted.contains(ids.get(i)), results.get(i), failures.get(i)));
    }
    return outcomes;
  }

  private static CompletableFuture<Object> send(
      WorkflowClient client, String workflowId, String id, Update u) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    @SuppressWarnings("unchecked")
    UpdateOptions<Object> options =
        (UpdateOptions<Object>)
            UpdateOptions.newBuilder(u.resultClass())
                .setUpdateName(u.name())
                .setUpdateId(id)
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build();
    // startUpdate with COMPLETED blocks until the outcome: each caller on its own thread
    return CompletableFuture.supplyAsync(
        () -> stub.startUpdate(options, u.arg()).getResult(),
        r -> {
          Thread t = new Thread(r, "update-" + id);
          t.setDaemon(true);
          t.start();
        });
  }

  /** Waits until the history of {@code workflowId} has an event that {@code recorded} accepts. */
  public static void awaitRecorded(
      WorkflowClient client, String workflowId, java.util.function.Predicate<HistoryEvent> recorded)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (client.fetchHistory(workflowId).getEvents().stream().noneMatch(recorded)) {
      assertThat(System.nanoTime()).as("recorded within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Waits until the server holds update {@code id}: a poll for it finds it. */
  private static void awaitHeld(WorkflowClient client, String workflowId, String id)
      throws InterruptedException {
    PollWorkflowExecutionUpdateRequest poll =
        PollWorkflowExecutionUpdateRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setUpdateRef(
                UpdateRef.newBuilder()
                    .setWorkflowExecution(
                        WorkflowExecution.newBuilder().setWorkflowId(workflowId).build())
                    .setUpdateId(id))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
            .pollWorkflowExecutionUpdate(poll);
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
          return; // found and waited on: held for the next task, not yet accepted
        }
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(10); // not sent yet; asked again (the wait is on the server's answer)
    }
  }

  /**
   * Which of {@code ids} were accepted (a validator refusal writes nothing), checking that they
   * were accepted in one workflow task.
   */
  private static Set<String> acceptedInOneTask(
      WorkflowClient client, String workflowId, Set<String> ids) {
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    Map<String, Long> taskOf = new HashMap<>();
    long lastTaskCompleted = -1;
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        lastTaskCompleted = e.getEventId();
      } else if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
        String id =
            e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                .getAcceptedRequest()
                .getMeta()
                .getUpdateId();
        if (ids.contains(id)) {
          taskOf.put(id, lastTaskCompleted);
        }
      }
    }
    assertThat(Set.copyOf(taskOf.values()))
        .as("accepted in one workflow task: %s", taskOf)
        .hasSizeLessThanOrEqualTo(1);
    return taskOf.keySet();
  }
}
