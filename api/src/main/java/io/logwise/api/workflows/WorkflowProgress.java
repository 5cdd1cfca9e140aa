package io.logwise.api.workflows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the tenants' long-running workflows make progress, read from Temporal's own records: a
 * workflow whose newest event is a workflow task nobody took (no worker polls the task queue), or
 * one that a worker took and never finished, for longer than {@code stuckAfter}. A restarted worker
 * once left workflows like that for good while {@code /healthcheck} said UP and every call
 * answered, a minute later, that Temporal could not be reached.
 *
 * <p>Where the server has visibility (a real server), a {@link #refresh} asks it, not each
 * workflow: one list of the running workflows on the duties' task queues (a page per 1,000), which
 * says which watched workflows run and which ones Temporal itself reports as failing their workflow
 * task again and again ({@code TemporalReportedProblems}); and one {@code DescribeTaskQueue} per
 * queue, whose backlog says whether tasks wait for a worker. Only a workflow that is not listed as
 * running, or whose queue has tasks waiting longer than {@code stuckAfter}, is described. At 1,000
 * tenants that is 3 list pages and a handful of queue describes per refresh instead of 3,000
 * describes.
 *
 * <p>Without visibility (the Java test server): one describe per workflow per refresh; its history
 * is read only when its length stopped changing (once per quiet stretch, not per refresh), and only
 * its last event is kept. A real server's describe also says what its pending workflow task waits
 * for (an update's speculative task never reaches the history); the Java test server's does not, so
 * the history decides there.
 */
public final class WorkflowProgress {

  private static final Logger log = LoggerFactory.getLogger(WorkflowProgress.class);

  /** A workflow not progressing, in the operator's words. */
  public record Stuck(String workflowId, String problem) {}

  record Seen(String runId, long length, EventType lastType, Instant lastAt) {}

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final String taskQueue;
  private final Duration stuckAfter;
  private final Clock clock;
  private final Supplier<List<String>> watched;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private volatile List<Stuck> stuck = List.of();
  private volatile boolean visibility = true;
  private volatile boolean visibilityUsed;
  private volatile int describesLastRefresh;

  /** A running workflow as visibility lists it. */
  private record Listed(String queue, List<String> problems) {}

  /** Temporal's own search attribute for a workflow task failing or timing out again and again. */
  static final String REPORTED_PROBLEMS = "TemporalReportedProblems";

  public WorkflowProgress(
      WorkflowServiceStubs stubs,
      String namespace,
      String taskQueue,
      Duration stuckAfter,
      Clock clock,
      Supplier<List<String>> watched) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
    this.stuckAfter = stuckAfter;
    this.clock = clock;
    this.watched = watched;
  }

  /** The workflows found not progressing by the last {@link #refresh}. */
  public List<Stuck> stuck() {
    return stuck;
  }

  /** Describes made by the last {@link #refresh} (what the visibility path saves). */
  public int describesLastRefresh() {
    return describesLastRefresh;
  }

  /** Whether the last {@link #refresh} read the server's visibility. */
  public boolean visibilityUsed() {
    return visibilityUsed;
  }

  /** Looks at every watched workflow once. */
  public void refresh() {
    List<String> ids = watched.get();
    Map<String, Listed> running = visibility ? listRunning(ids) : null;
    visibilityUsed = running != null;
    Map<String, Boolean> stalled = new java.util.HashMap<>();
    List<Stuck> found = new ArrayList<>();
    int describes = 0;
    for (String id : ids) {
      try {
        Listed listed = running == null ? null : running.get(id);
        String problem;
        if (listed != null && !listed.problems().isEmpty()) {
          problem = reported(listed.problems());
        } else if (listed != null
            && !stalled.computeIfAbsent(listed.queue(), q -> backlog(q) != null)) {
          problem = null; // running, not reported, and nothing waits on its queue
        } else {
          describes++;
          problem = problemOf(id, false);
        }
        if (problem != null) {
          found.add(new Stuck(id, problem));
        }
      } catch (RuntimeException e) {
        // Temporal itself unreachable: the temporal check says so; this one cannot tell
        log.debug("progress of {} unknown: {}", id, e.toString());
      }
    }
    describesLastRefresh = describes;
    if (!found.equals(stuck)) {
      found.forEach(s -> log.warn("{} is not progressing: {}", s.workflowId(), s.problem()));
    }
    stuck = List.copyOf(found);
  }

  /**
   * What keeps {@code workflowId} from progressing, or null when nothing does (or it cannot be
   * told). {@code now}: read the history's last event at once instead of waiting for the history to
   * stop changing (for a call that just timed out).
   */
  public String problemOf(String workflowId, boolean now) {
    DescribeWorkflowExecutionResponse d;
    try {
      d =
          stubs
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        seen.remove(workflowId);
        return "not running: the Logwise worker starts it (is one running against this Temporal?)";
      }
      throw e;
    }
    var info = d.getWorkflowExecutionInfo();
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      seen.remove(workflowId);
      return "not running: its last run ended "
          + info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "")
          + " (a worker restart starts it again)";
    }
    if (d.hasPendingWorkflowTask()) {
      // a real server says what its workflow task waits for, speculative ones (an update's) too,
      // which never reach the history; the Java test server says nothing, so the history decides
      String problem = judge(pending(d.getPendingWorkflowTask()), info.getTaskQueue());
      if (problem != null) {
        return problem;
      }
    }
    if (now) {
      // an update's speculative task leaves the describe after 5 s unpolled on a real server;
      // the task queue's backlog still shows it
      String problem = backlog(info.getTaskQueue());
      if (problem != null) {
        return problem;
      }
    }
    String runId = info.getExecution().getRunId();
    long length = info.getHistoryLength();
    Seen before = seen.get(workflowId);
    boolean quiet = before != null && before.runId().equals(runId) && before.length() == length;
    Seen latest;
    if (quiet && before.lastType() != null) {
      latest = before;
    } else if (quiet || now) {
      HistoryEvent last = lastEvent(info.getExecution());
      latest =
          new Seen(
              runId,
              length,
              last == null ? null : last.getEventType(),
              last == null
                  ? null
                  : Instant.ofEpochSecond(
                      last.getEventTime().getSeconds(), last.getEventTime().getNanos()));
    } else {
      seen.put(workflowId, new Seen(runId, length, null, null));
      return null; // its history grew since the last look: it progresses
    }
    seen.put(workflowId, latest);
    return judge(latest, info.getTaskQueue());
  }

  /**
   * Workflow tasks waiting on {@code queue} longer than {@code stuckAfter}, per the server's task
   * queue statistics; null when none wait, or the server cannot say (the Java test server).
   */
  private String backlog(String queue) {
    String name = queue == null || queue.isEmpty() ? taskQueue : queue;
    io.temporal.api.taskqueue.v1.TaskQueueStats stats;
    try {
      var d =
          stubs
              .blockingStub()
              .withDeadlineAfter(3, TimeUnit.SECONDS)
              .describeTaskQueue(
                  io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(namespace)
                      .setTaskQueue(
                          io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName(name))
                      .setTaskQueueType(
                          io.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .setReportStats(true)
                      .build());
      if (!d.hasStats()) {
        return null;
      }
      stats = d.getStats();
    } catch (StatusRuntimeException e) {
      return null; // UNIMPLEMENTED on the test server; otherwise the temporal check says why
    }
    Duration age =
        Duration.ofSeconds(
            stats.getApproximateBacklogAge().getSeconds(),
            stats.getApproximateBacklogAge().getNanos());
    if (stats.getApproximateBacklogCount() == 0 || age.compareTo(stuckAfter) <= 0) {
      return null;
    }
    return judge(
        new Seen(null, 0, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, clock.instant().minus(age)),
        name);
  }

  /**
   * The running workflows on the watched workflows' task queues, by id; null when the server has no
   * visibility (then never asked again) or could not answer this time.
   */
  private Map<String, Listed> listRunning(List<String> ids) {
    java.util.Set<String> queues = new java.util.TreeSet<>();
    queues.add(taskQueue);
    for (String id : ids) {
      try {
        queues.add(io.logwise.workflows.Duty.ofWorkflow(id).queue(taskQueue));
      } catch (IllegalArgumentException notADuty) {
        // described one by one below
      }
    }
    String query =
        "ExecutionStatus = \"Running\" AND TaskQueue IN ("
            + String.join(", ", queues.stream().map(q -> "\"" + q + "\"").toList())
            + ")";
    Map<String, Listed> running = new java.util.HashMap<>();
    com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
    try {
      do {
        var page =
            stubs
                .blockingStub()
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .listWorkflowExecutions(
                    io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setQuery(query)
                        .setPageSize(1000)
                        .setNextPageToken(token)
                        .build());
        for (var e : page.getExecutionsList()) {
          running.put(
              e.getExecution().getWorkflowId(),
              new Listed(e.getTaskQueue(), problems(e.getSearchAttributes())));
        }
        token = page.getNextPageToken();
      } while (!token.isEmpty());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        visibility = false; // the Java test server: each workflow is described
      }
      log.debug("visibility unavailable: {}", e.toString());
      return null;
    }
    return running;
  }

  /** The values of {@link #REPORTED_PROBLEMS}, or none. */
  private static List<String> problems(io.temporal.api.common.v1.SearchAttributes attributes) {
    io.temporal.api.common.v1.Payload p = attributes.getIndexedFieldsMap().get(REPORTED_PROBLEMS);
    if (p == null || p.getData().isEmpty()) {
      return List.of();
    }
    try {
      List<String> values = new ArrayList<>();
      com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(p.getData().toByteArray());
      if (node.isArray()) {
        node.forEach(v -> values.add(v.asText()));
      } else if (!node.isNull()) {
        values.add(node.asText());
      }
      return values;
    } catch (java.io.IOException e) {
      return List.of(p.getData().toStringUtf8());
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** What Temporal reports, in the operator's words. */
  private static String reported(List<String> problems) {
    return "Temporal reports its workflow task failing or timing out again and again ("
        + String.join(", ", problems)
        + "): the worker's log says why; it goes on once a fixed worker runs it, or after a reset"
        + " past the failure";
  }

  /** A pending workflow task as the history event it stands for, with its time. */
  static Seen pending(io.temporal.api.workflow.v1.PendingWorkflowTaskInfo p) {
    boolean started =
        p.getState()
            == io.temporal.api.enums.v1.PendingWorkflowTaskState
                .PENDING_WORKFLOW_TASK_STATE_STARTED;
    com.google.protobuf.Timestamp at =
        started
            ? p.getStartedTime()
            : p.hasOriginalScheduledTime() ? p.getOriginalScheduledTime() : p.getScheduledTime();
    return new Seen(
        null,
        0,
        started
            ? EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
            : EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        at.getSeconds() == 0 ? null : Instant.ofEpochSecond(at.getSeconds(), at.getNanos()));
  }

  /** What keeps a workflow whose newest event is {@code s} from progressing, or null. */
  String judge(Seen s, String queue) {
    if (s.lastType() == null || s.lastAt() == null) {
      return null;
    }
    Duration waited = Duration.between(s.lastAt(), clock.instant());
    if (waited.compareTo(stuckAfter) <= 0) {
      return null;
    }
    String age = waited.toSeconds() + " s";
    return switch (s.lastType()) {
      case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED ->
          "a workflow task has waited "
              + age
              + " for a worker on task queue "
              + (queue == null || queue.isEmpty() ? taskQueue : queue)
              + ": is a Logwise worker with that duty running and connected to this Temporal?";
      case EVENT_TYPE_WORKFLOW_TASK_STARTED ->
          "a worker took its workflow task "
              + age
              + " ago and never finished it: the worker died or hangs";
      case EVENT_TYPE_WORKFLOW_TASK_FAILED ->
          "its workflow task failed "
              + age
              + " ago and has not run since: see the worker's log for the failure";
      default -> null; // waiting on a timer, a signal or an activity: that is progress
    };
  }

  /** The newest event of the run, reading the history page by page and keeping only the last. */
  private HistoryEvent lastEvent(WorkflowExecution execution) {
    HistoryEvent last = null;
    com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse page =
          stubs
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(execution)
                      .setMaximumPageSize(1000)
                      .setNextPageToken(token)
                      .build());
      int n = page.getHistory().getEventsCount();
      if (n > 0) {
        last = page.getHistory().getEvents(n - 1);
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return last;
  }
}
