package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.embedded.LocalDevServer;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: a worker upgrade on the real server. An old and a new build of a duty-shaped loop (a
 * timer, an activity, continue-as-new) poll one task queue side by side; the old one is stopped as
 * a rolling update stops it. With the change behind {@code Workflow.getVersion} every running
 * workflow carries on on the new build: runs begun by the old build keep its commands, the runs
 * after continue-as-new take the new ones, and no workflow task fails. The same change without
 * {@code getVersion} leaves each running workflow failing its task as non-deterministic until an
 * old worker comes back. The hand-over (old build stopped → the new build's first task done) is
 * measured and printed.
 */
class WorkerUpgradeIT {

  private static final int TICKS_PER_RUN = 4;

  @ActivityInterface
  public interface Steps {
    void stepA(String workflowId);

    void stepB(String workflowId);
  }

  /** Records which build ran which step for which workflow. */
  public static final class RecordingSteps implements Steps {
    final String build;
    final List<String> done = java.util.Collections.synchronizedList(new ArrayList<>());

    RecordingSteps(String build) {
      this.build = build;
    }

    @Override
    public void stepA(String workflowId) {
      done.add(workflowId + " a " + build);
    }

    @Override
    public void stepB(String workflowId) {
      done.add(workflowId + " b " + build);
    }
  }

  @WorkflowInterface
  public interface Probe {
    @WorkflowMethod(name = "UpgradeProbe")
    void run(int runs);
  }

  private static Steps steps() {
    return Workflow.newActivityStub(
        Steps.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
  }

  private static void next(int runs) {
    if (runs > 1) {
      Workflow.continueAsNew(runs - 1);
    }
  }

  /** The old build: step a on every tick. */
  public static class ProbeV1 implements Probe {
    @Override
    public void run(int runs) {
      String id = Workflow.getInfo().getWorkflowId();
      for (int i = 0; i < TICKS_PER_RUN; i++) {
        Workflow.sleep(Duration.ofSeconds(1));
        steps().stepA(id);
      }
      next(runs);
    }
  }

  /** The new build: step b, behind getVersion, so runs begun by the old build keep step a. */
  public static class ProbeV2 implements Probe {
    @Override
    public void run(int runs) {
      String id = Workflow.getInfo().getWorkflowId();
      for (int i = 0; i < TICKS_PER_RUN; i++) {
        Workflow.sleep(Duration.ofSeconds(1));
        if (Workflow.getVersion("probe-step-b", Workflow.DEFAULT_VERSION, 1) == 1) {
          steps().stepB(id);
        } else {
          steps().stepA(id);
        }
      }
      next(runs);
    }
  }

  /** The same change without getVersion. */
  public static class ProbeUnguarded implements Probe {
    @Override
    public void run(int runs) {
      String id = Workflow.getInfo().getWorkflowId();
      for (int i = 0; i < TICKS_PER_RUN; i++) {
        Workflow.sleep(Duration.ofSeconds(1));
        steps().stepB(id);
      }
      next(runs);
    }
  }

  private static LocalDevServer server;
  private static final List<WorkflowServiceStubs> stubs = new ArrayList<>();
  private static final List<WorkerFactory> factories = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "upgrade-temporal-");
    server =
        LocalDevServer.start(
            LocalDevServer.Options.inDir(
                LocalDevServer.findBinary()
                    .orElseThrow(() -> new IllegalStateException("no temporal CLI")),
                dir,
                null));
  }

  @AfterAll
  static void stop() {
    factories.forEach(WorkerFactory::shutdownNow);
    stubs.forEach(WorkflowServiceStubs::shutdownNow);
    if (server != null) {
      server.close();
    }
  }

  /** A client of its own, as another worker process has. */
  private static WorkflowClient client(String identity) {
    WorkflowServiceStubs s =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
    stubs.add(s);
    return WorkflowClient.newInstance(
        s, WorkflowClientOptions.newBuilder().setIdentity(identity).build());
  }

  /** A worker build: its own client, the probe implementation, steps that say the build. */
  private static WorkerFactory build(
      String identity, String queue, Class<? extends Probe> probe, RecordingSteps recording) {
    WorkerFactory f = WorkerFactory.newInstance(client(identity));
    var w = f.newWorker(queue);
    w.registerWorkflowImplementationTypes(probe);
    w.registerActivitiesImplementations(recording);
    f.start();
    factories.add(f);
    return f;
  }

  private static List<HistoryEvent> history(WorkflowClient c, String id, String runId) {
    return c.fetchHistory(id, runId).getEvents();
  }

  /** Every run of {@code id}, newest first, following each run back to the one it continued. */
  private static List<List<HistoryEvent>> runs(WorkflowClient c, String id) {
    List<List<HistoryEvent>> runs = new ArrayList<>();
    String runId = "";
    while (runId != null) {
      List<HistoryEvent> h = history(c, id, runId);
      runs.add(h);
      String previous =
          h.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
      runId = previous.isEmpty() ? null : previous;
    }
    return runs;
  }

  private static void await(String what, java.util.function.BooleanSupplier done, int seconds)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %d s", what, seconds).isLessThan(until);
      Thread.sleep(200);
    }
  }

  private static long count(List<String> done, Predicate<String> p) {
    synchronized (done) {
      return done.stream().filter(p).count();
    }
  }

  @Test
  void aGuardedChangeCarriesEveryRunningWorkflowOverToTheNewBuild() throws Exception {
    String queue = "upgrade-guarded";
    RecordingSteps old = new RecordingSteps("1");
    RecordingSteps next = new RecordingSteps("2");
    WorkerFactory oldBuild = build("build-1", queue, ProbeV1.class, old);
    WorkflowClient ops = client("ops");
    List<String> ids = List.of("probe-1", "probe-2", "probe-3");
    for (String id : ids) {
      WorkflowClient.start(
          ops.newWorkflowStub(
                  Probe.class,
                  WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build())
              ::run,
          3);
    }
    await(
        "each probe stepped on the old build",
        () -> ids.stream().allMatch(id -> count(old.done, s -> s.startsWith(id + " a")) >= 2),
        60);

    build("build-2", queue, ProbeV2.class, next); // the new build joins beside the old one
    long stopped = System.currentTimeMillis();
    oldBuild.shutdown(); // as a rolling update stops it
    oldBuild.awaitTermination(30, TimeUnit.SECONDS);

    await(
        "each probe stepped b on the new build (after its run continued as new)",
        () -> ids.stream().allMatch(id -> count(next.done, s -> s.equals(id + " b 2")) >= 1),
        120);
    List<Long> handOver = new ArrayList<>();
    int spanning = 0;
    for (String id : ids) {
      List<List<HistoryEvent>> runs = runs(ops, id);
      long first = Long.MAX_VALUE;
      for (List<HistoryEvent> run : runs) {
        assertThat(run)
            .as("%s: no workflow task failed across the upgrade", id)
            .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
        List<String> builds =
            run.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                .map(e -> e.getWorkflowTaskCompletedEventAttributes().getIdentity())
                .distinct()
                .toList();
        List<String> stepsRun =
            run.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
                .distinct()
                .toList();
        if (builds.contains("build-1")) {
          // begun by the old build: the new build replays it and keeps its commands
          assertThat(stepsRun).as("%s: a run the old build began", id).containsOnly("StepA");
          spanning += builds.contains("build-2") ? 1 : 0;
        } else if (!stepsRun.isEmpty()) {
          assertThat(stepsRun).as("%s: a run the new build began", id).containsOnly("StepB");
        }
        for (HistoryEvent e : run) {
          if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
              && e.getWorkflowTaskCompletedEventAttributes().getIdentity().equals("build-2")) {
            first =
                Math.min(
                    first,
                    e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000);
          }
        }
      }
      handOver.add(Math.max(0, first - stopped));
    }
    handOver.sort(Long::compare);
    System.out.printf(
        "worker upgrade on %s: %d running workflows handed over to the new build in %s ms"
            + " (old build stopped → the new build's first completed task); %d runs begun by the"
            + " old build finished on the new one; steps a on the new build %d, b %d; task"
            + " failures 0%n",
        server.version(),
        ids.size(),
        handOver,
        spanning,
        count(next.done, s -> s.contains(" a 2")),
        count(next.done, s -> s.contains(" b 2")));
  }

  @Test
  void theSameChangeWithoutGetVersionStopsEveryRunningWorkflow() throws Exception {
    String queue = "upgrade-unguarded";
    RecordingSteps old = new RecordingSteps("1");
    RecordingSteps next = new RecordingSteps("3");
    WorkerFactory oldBuild = build("build-1u", queue, ProbeV1.class, old);
    WorkflowClient ops = client("ops");
    String id = "probe-unguarded";
    WorkflowClient.start(
        ops.newWorkflowStub(
                Probe.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build())
            ::run,
        3);
    await("the probe stepped on the old build", () -> count(old.done, s -> true) >= 2, 60);
    oldBuild.shutdown();
    oldBuild.awaitTermination(30, TimeUnit.SECONDS);
    build("build-3", queue, ProbeUnguarded.class, next);

    await(
        "the new build's replay fails as non-deterministic",
        () ->
            history(ops, id, "").stream()
                .anyMatch(
                    e ->
                        e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED
                            && e.getWorkflowTaskFailedEventAttributes().getCause()
                                == WorkflowTaskFailedCause
                                    .WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR),
        120);
    assertThat(count(next.done, s -> true)).as("nothing ran on the unguarded build").isZero();
  }
}
