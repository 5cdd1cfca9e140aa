package io.logwise.worker;

import io.logwise.store.WorkerHeartbeatDao;
import io.logwise.store.WorkerHeartbeatRow;
import io.logwise.workflows.Duty;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker process in {@code worker_heartbeat} every {@link #EVERY}: its duties, so the API can
 * tell a duty without a worker where Temporal cannot list a queue's pollers. Gone on a clean stop;
 * a killed worker's row goes stale and is pruned.
 */
final class WorkerHeartbeat implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeat.class);
  static final long EVERY_SECONDS = 15;

  private final WorkerHeartbeatDao dao;
  private final Clock clock;
  private final WorkerHeartbeatRow me;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "worker-heartbeat");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean failing;

  WorkerHeartbeat(WorkerHeartbeatDao dao, Clock clock, String taskQueue, Set<Duty> duties) {
    this.dao = dao;
    this.clock = clock;
    String host = System.getenv().getOrDefault("HOSTNAME", "worker");
    this.me =
        new WorkerHeartbeatRow(
            host
                + "/"
                + ProcessHandle.current().pid()
                + "/"
                + UUID.randomUUID().toString().substring(0, 8),
            taskQueue,
            duties.stream().map(Duty::label).sorted().collect(Collectors.joining(",")),
            clock.millis(),
            clock.millis());
  }

  /** Beats now and then every {@link #EVERY_SECONDS}. */
  WorkerHeartbeat start() {
    timer.scheduleWithFixedDelay(this::beat, 0, EVERY_SECONDS, TimeUnit.SECONDS);
    return this;
  }

  private void beat() {
    try {
      dao.beat(
          new WorkerHeartbeatRow(
              me.workerId(), me.taskQueue(), me.duties(), me.startedAtMs(), clock.millis()));
      if (failing) {
        log.info("worker heartbeat recorded again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) { // once per outage, not every 15 s
        log.warn("worker heartbeat not recorded (the database?): {}", e.getMessage());
        failing = true;
      }
    }
  }

  /** Stops beating; {@code leave}: remove the row (a clean stop), else let it go stale (a kill). */
  void stop(boolean leave) {
    timer.shutdownNow();
    if (leave) {
      try {
        dao.leave(me.workerId(), clock.millis() - TimeUnit.MINUTES.toMillis(10));
      } catch (RuntimeException e) {
        log.debug("worker heartbeat not removed: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    stop(true);
  }
}
