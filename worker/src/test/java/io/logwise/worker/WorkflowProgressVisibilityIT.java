package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.api.workflows.WorkflowProgress;
import io.logwise.embedded.LocalDevServer;
import io.logwise.workflows.Duty;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: "not progressing" read from the real server's visibility, not from one describe per
 * workflow per refresh. Healthy workflows cost no describe; a workflow whose task fails again and
 * again is found from Temporal's own {@code TemporalReportedProblems}; a queue with no worker is
 * found from its backlog, and only its workflows are described.
 */
class WorkflowProgressVisibilityIT {

  private static final String BASE = "progress-vis";
  private static final String HEALTHY = "retention-sync/vis";
  private static final String BROKEN = "scaling-loop/vis";

  /**
   * Waits for a signal that never comes: a workflow with nothing pending, as a loop between ticks.
   */
  @WorkflowInterface
  public interface Waiting {
    @WorkflowMethod(name = "VisWaiting")
    void run();

    @SignalMethod
    void poke();
  }

  public static class WaitingImpl implements Waiting {
    @Override
    public void run() {
      Workflow.await(() -> false);
    }

    @Override
    public void poke() {}
  }

  /** Fails its every workflow task, as a worker with a bug does. */
  @WorkflowInterface
  public interface Broken {
    @WorkflowMethod(name = "VisBroken")
    void run();
  }

  public static class BrokenImpl implements Broken {
    @Override
    public void run() {
      throw new IllegalStateException("a bug in the worker");
    }
  }

  private static LocalDevServer server;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;
  private static WorkerFactory workers;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "progress-vis-temporal-");
    server =
        LocalDevServer.start(
            LocalDevServer.Options.inDir(
                LocalDevServer.findBinary()
                    .orElseThrow(() -> new IllegalStateException("no temporal CLI")),
                dir,
                null));
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
    client = WorkflowClient.newInstance(stubs);
    workers = WorkerFactory.newInstance(client);
    Worker retention = workers.newWorker(Duty.RETENTION.queue(BASE));
    retention.registerWorkflowImplementationTypes(WaitingImpl.class);
    Worker scale = workers.newWorker(Duty.SCALE.queue(BASE));
    scale.registerWorkflowImplementationTypes(BrokenImpl.class);
    workers.start();
    WorkflowClient.start(
        client.newWorkflowStub(
                Waiting.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(HEALTHY)
                    .setTaskQueue(Duty.RETENTION.queue(BASE))
                    .build())
            ::run);
    WorkflowClient.start(
        client.newWorkflowStub(
                Broken.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(BROKEN)
                    .setTaskQueue(Duty.SCALE.queue(BASE))
                    .build())
            ::run);
  }

  @AfterAll
  static void stop() {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  private static List<WorkflowProgress.Stuck> awaitRefresh(
      WorkflowProgress progress, Predicate<List<WorkflowProgress.Stuck>> done) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      progress.refresh();
      if (done.test(progress.stuck())) {
        return progress.stuck();
      }
      assertThat(System.nanoTime())
          .as("not seen in 180 s; last: %s", progress.stuck())
          .isLessThan(until);
      Thread.sleep(500);
    }
  }

  @Test
  void healthyCostsNoDescribeAFailingTaskIsReportedAQueueWithoutWorkerIsDescribed()
      throws Exception {
    WorkflowProgress progress =
        new WorkflowProgress(
            stubs,
            "default",
            BASE,
            Duration.ofSeconds(2),
            Clock.systemUTC(),
            () -> List.of(HEALTHY, BROKEN));

    // Temporal flags the broken one after 5 failed tasks in a row
    List<WorkflowProgress.Stuck> stuck =
        awaitRefresh(progress, s -> s.stream().anyMatch(x -> x.workflowId().equals(BROKEN)));
    assertThat(progress.visibilityUsed()).isTrue();
    assertThat(stuck)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.workflowId()).isEqualTo(BROKEN);
              assertThat(s.problem())
                  .contains("failing or timing out again and again")
                  .contains("category=WorkflowTaskFailed");
            });
    assertThat(progress.describesLastRefresh())
        .as("both listed as running; nothing waits on their queues: no describe")
        .isZero();

    // no worker on the healthy one's queue any more, and a task for it: its backlog ages
    workers.shutdownNow();
    workers.awaitTermination(30, TimeUnit.SECONDS);
    client.newWorkflowStub(Waiting.class, HEALTHY).poke();
    stuck = awaitRefresh(progress, s -> s.stream().anyMatch(x -> x.workflowId().equals(HEALTHY)));
    assertThat(stuck)
        .filteredOn(s -> s.workflowId().equals(HEALTHY))
        .singleElement()
        .extracting(WorkflowProgress.Stuck::problem)
        .asString()
        .contains("for a worker on task queue " + Duty.RETENTION.queue(BASE));
    assertThat(progress.describesLastRefresh())
        .as("only the workflow on the queue with a backlog is described")
        .isEqualTo(1);
  }
}
