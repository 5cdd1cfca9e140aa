package io.logwise.api.resources;

import io.logwise.api.workflows.WorkflowProgress;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/** Light checks of what the API depends on, each bounded to a few seconds. */
public final class DependencyProbes {

  /**
   * One component's health: {@code UP}, {@code WARNING} (works, but an operator should look; not a
   * failure of the health check) or {@code DOWN}; {@code error} is null when it is UP.
   */
  public record Check(String status, String error) {
    public boolean up() {
      return !"DOWN".equals(status);
    }
  }

  private final Jdbi jdbi;
  private final WorkflowServiceStubs temporal;
  private final WorkflowProgress progress;
  private final String namespace;
  private final java.util.Map<io.logwise.workflows.Duty, String> dutyQueues;

  public DependencyProbes(Jdbi jdbi, WorkflowServiceStubs temporal, WorkflowProgress progress) {
    this(jdbi, temporal, progress, "default", java.util.Map.of());
  }

  /**
   * @param dutyQueues the duties the configured tenants need, with their task queues
   */
  public DependencyProbes(
      Jdbi jdbi,
      WorkflowServiceStubs temporal,
      WorkflowProgress progress,
      String namespace,
      java.util.Map<io.logwise.workflows.Duty, String> dutyQueues) {
    this.jdbi = jdbi;
    this.temporal = temporal;
    this.progress = progress;
    this.namespace = namespace;
    this.dutyQueues = dutyQueues;
  }

  /**
   * A poller not seen for this long is a worker gone. A live worker's long poll returns within a
   * minute (the server's long-poll expiry; the SDK gives it 70 s) and it polls again at once, which
   * the server records as the poller's last access; a killed worker's pollers stay listed for
   * minutes (the server forgets them after 5) with an older and older last access.
   */
  static final java.time.Duration POLLER_STALE = java.time.Duration.ofSeconds(90);

  /** Whether {@code p} polled within {@link #POLLER_STALE} (no time known: it does). */
  static boolean pollsStill(io.temporal.api.taskqueue.v1.PollerInfo p) {
    if (!p.hasLastAccessTime()) {
      return true;
    }
    java.time.Instant last =
        java.time.Instant.ofEpochSecond(
            p.getLastAccessTime().getSeconds(), p.getLastAccessTime().getNanos());
    return last.isAfter(java.time.Instant.now().minus(POLLER_STALE));
  }

  /** A worker's heartbeat older than this is a worker gone (it beats every 15 s). */
  static final long HEARTBEAT_STALE_MILLIS = 60_000;

  /**
   * WARNING when a duty the tenants need has no worker polling its task queue: from Temporal's
   * {@code DescribeTaskQueue} pollers that polled lately ({@link #POLLER_STALE}), or, where
   * Temporal cannot list them (its Java test server answers UNIMPLEMENTED), from the workers'
   * heartbeats in the database. UP otherwise, or when neither can say (the temporal and database
   * checks say why).
   */
  public Check duties() {
    java.util.Set<io.logwise.workflows.Duty> polled = polledPerTemporal();
    if (polled == null) {
      polled = polledPerHeartbeats();
    }
    if (polled == null) {
      return new Check("UP", null);
    }
    List<String> idle = new java.util.ArrayList<>();
    for (var e : dutyQueues.entrySet()) {
      if (!polled.contains(e.getKey())) {
        idle.add(e.getKey().label() + " (task queue " + e.getValue() + ")");
      }
    }
    return idle.isEmpty()
        ? new Check("UP", null)
        : new Check(
            "WARNING",
            "no worker has the duty "
                + String.join(", ", idle)
                + ": its workflows wait until one with worker.duties including it runs");
  }

  /** The needed duties some worker polls, per Temporal; null when Temporal cannot tell. */
  private java.util.Set<io.logwise.workflows.Duty> polledPerTemporal() {
    java.util.Set<io.logwise.workflows.Duty> polled =
        java.util.EnumSet.noneOf(io.logwise.workflows.Duty.class);
    for (var e : dutyQueues.entrySet()) {
      try {
        boolean any =
            temporal
                .blockingStub()
                .withDeadlineAfter(3, TimeUnit.SECONDS)
                .describeTaskQueue(
                    io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
                        .setNamespace(namespace)
                        .setTaskQueue(
                            io.temporal.api.taskqueue.v1.TaskQueue.newBuilder()
                                .setName(e.getValue()))
                        .setTaskQueueType(
                            io.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                        .build())
                .getPollersList()
                .stream()
                .anyMatch(DependencyProbes::pollsStill);
        if (any) {
          polled.add(e.getKey());
        }
      } catch (RuntimeException ex) {
        log.debug("pollers of {} unknown: {}", e.getValue(), ex.toString());
        return null;
      }
    }
    return polled;
  }

  /**
   * The duties of the workers seen in the last minute on this deployment's queues; null when the
   * database cannot say.
   */
  private java.util.Set<io.logwise.workflows.Duty> polledPerHeartbeats() {
    try {
      java.util.Set<io.logwise.workflows.Duty> polled =
          java.util.EnumSet.noneOf(io.logwise.workflows.Duty.class);
      for (var row :
          jdbi.onDemand(io.logwise.store.WorkerHeartbeatDao.class)
              .seenSince(System.currentTimeMillis() - HEARTBEAT_STALE_MILLIS)) {
        for (String d : row.duties().split(",")) {
          if (d.isBlank()) {
            continue;
          }
          io.logwise.workflows.Duty duty = io.logwise.workflows.Duty.named(d.strip());
          // a worker of another deployment (its own base queue) sharing the database polls
          // none of ours
          if (duty.queue(row.taskQueue()).equals(dutyQueues.get(duty))) {
            polled.add(duty);
          }
        }
      }
      return polled;
    } catch (RuntimeException e) {
      log.debug("worker heartbeats unknown: {}", e.toString());
      return null;
    }
  }

  /** DOWN while any tenant workflow is not progressing (from the last look, every 15 s). */
  public Check workflows() {
    List<WorkflowProgress.Stuck> stuck = progress.stuck();
    if (stuck.isEmpty()) {
      return new Check("UP", null);
    }
    String list =
        stuck.stream()
            .limit(5)
            .map(s -> s.workflowId() + ": " + s.problem())
            .collect(java.util.stream.Collectors.joining("; "));
    return new Check(
        "DOWN",
        stuck.size()
            + " workflow(s) not progressing: "
            + list
            + (stuck.size() > 5 ? "; and " + (stuck.size() - 5) + " more" : ""));
  }

  public Check database() {
    return probe(
        "the database",
        () ->
            jdbi.withHandle(
                h -> h.createQuery("SELECT 1").setQueryTimeout(3).mapTo(Integer.class).one()));
  }

  public Check temporal() {
    return probe(
        "Temporal",
        () ->
            temporal
                .blockingStub()
                .withDeadlineAfter(3, TimeUnit.SECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
  }

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DependencyProbes.class);

  private static Check probe(String what, Runnable call) {
    try {
      call.run();
      return new Check("UP", null);
    } catch (RuntimeException e) {
      // the open health endpoints say down, not the driver's exception text (that is logged)
      log.warn("{} probe failed: {}", what, e.toString());
      return new Check("DOWN", what + " cannot be reached");
    }
  }
}
