package io.logwise.workflows.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.AdaptiveScalingPolicy;
import io.logwise.policy.scaling.PolicyName;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.sim.Controller;
import io.logwise.policy.sim.PolicyController;
import io.logwise.policy.sim.SimConfig;
import io.logwise.policy.sim.SimRun;
import io.logwise.policy.sim.Simulation;
import io.logwise.policy.sim.Simulator;
import io.logwise.policy.sim.Trace;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * One day of the spike trace through the real {@code ScalingLoopWorkflow} (time skipping, the
 * simulated fleet behind the scaling activities) makes exactly the decisions the simulator's fast
 * path makes, batch for batch; and no run of the workflow grows past 4,000 history events.
 */
class ScalingParityTest {

  /** The simulated fleet as the workflow's activities see it. */
  static final class SimulatedFleet implements ScalingActivities {
    // the loop's scaling settings, set when it is started here
    volatile ScalingConfig knobs;
    volatile Controller.Observation now;
    volatile Integer scaledTo;
    // Σ of Kafka's latest offsets at the look the loop takes next
    volatile long latestOffsets;
    final List<DecisionRecord> recorded = new CopyOnWriteArrayList<>();

    @Override
    public FleetSize observeFleetSize(TenantRequest request) {
      return new FleetSize(FleetKind.ASG, now.desiredWorkers(), now.aliveWorkers());
    }

    @Override
    public MasterView observeMaster(TenantRequest request) {
      return new MasterView(now.aliveWorkers(), null, null, List.of(), now.grantedCores());
    }

    @Override
    public WalFiles listWalFiles(TenantRequest request) {
      return new WalFiles(List.of(now.walFile()));
    }

    @Override
    public KafkaEnds readLatestOffsets(TenantRequest request) {
      return new KafkaEnds(latestOffsets, 1);
    }

    @Override
    public ScaleOutcome scaleFleet(ScaleFleetRequest r) {
      scaledTo = r.targetWorkers();
      return new ScaleOutcome(r.targetWorkers() != now.desiredWorkers(), r.targetWorkers(), null);
    }

    @Override
    public synchronized void recordDecision(DecisionRecord record) {
      recorded.add(record);
      notifyAll();
    }

    /**
     * Waits (on the recording, not the clock) until the loop recorded a decision past {@code n}.
     */
    synchronized void awaitRecordedMoreThan(int n, int batch) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      try {
        while (recorded.size() <= n) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("no decision recorded for batch " + batch + " in 60 s");
          }
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public OverrideState loadOverride(TenantRequest request) {
      return new OverrideState(request.tenant(), null, null);
    }

    @Override
    public int pruneBatches(TenantRequest request) {
      return 0;
    }

    @Override
    public OverrideState saveOverride(OverrideStateChange change) {
      return new OverrideState(change.tenant(), change.enableUpScale(), change.enableDownScale());
    }
  }

  @Test
  void theWorkflowDecidesExactlyAsTheFastPath() throws Exception {
    Trace trace =
        Trace.parse(
            "spike10x", Files.readAllLines(Path.of("..", "bench", "traces", "spike10x.csv")));
    SimConfig model =
        SimConfig.DEFAULTS.withMaxWorkers(2 * SimConfig.DEFAULTS.workersFor(trace.peak()));
    ScalingConfig knobs = Simulation.knobs(ScalingConfig.REFERENCE, model, trace, "adaptive");
    long bootTimeout = 600_000L + model.bootDelaySeconds() * 1000L;

    PolicyController fast = new PolicyController(knobs, bootTimeout);
    SimRun fastRun = Simulator.run(trace, model, fast, trace.minutes());

    SimulatedFleet fleet = new SimulatedFleet();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      StartedLoop loop = startLoop(env, fleet, "parity", knobs, bootTimeout / 1000);
      ScalingLoopWorkflow wf = loop.wf();
      Controller throughWorkflow = throughWorkflow(env, wf, fleet);
      SimRun slowRun = Simulator.run(trace, model, throughWorkflow, trace.minutes());

      List<String> viaWorkflow = new ArrayList<>();
      for (DecisionRecord r : fleet.recorded) {
        viaWorkflow.add(r.action() + " " + r.actualWorkers() + "->" + r.targetWorkers());
      }
      List<String> viaFastPath = new ArrayList<>();
      for (PolicyController.Decided d : fast.decisions) {
        viaFastPath.add(d.action() + " " + d.actual() + "->" + d.target());
      }
      assertThat(viaWorkflow).hasSize(viaFastPath.size()).isEqualTo(viaFastPath);
      assertThat(fleet.recorded).anyMatch(r -> r.action() == ScalingDecision.Action.UPSCALE);
      // the surge's long batch was looked at between reports (revision 10), and scaled up on
      assertThat(fleet.recorded)
          .anyMatch(
              r ->
                  r.batchId().startsWith("overdue@")
                      && r.action() == ScalingDecision.Action.UPSCALE);
      assertThat(slowRun.workerHours()).isEqualTo(fastRun.workerHours());
      assertThat(slowRun.minutesOverSlo()).isEqualTo(fastRun.minutesOverSlo());

      // every run of the chain stays below 4,000 events
      int runs = 0;
      for (var history : runChain(loop)) {
        assertThat(history.getEvents().size()).as("run " + runs).isLessThanOrEqualTo(4_000);
        runs++;
      }
      assertThat(runs).as("the day took several runs").isGreaterThan(1);
    }
  }

  /** A scaling loop started on a test environment: its client, workflow id, stub and first run. */
  record StartedLoop(WorkflowClient client, String id, ScalingLoopWorkflow wf, String firstRun) {}

  /**
   * Starts {@code tenant}'s scaling loop with {@code knobs} on {@code env}, its activities on
   * {@code fleet}.
   */
  static StartedLoop startLoop(
      TestWorkflowEnvironment env,
      SimulatedFleet fleet,
      String tenant,
      ScalingConfig knobs,
      long bootTimeoutSeconds) {
    fleet.knobs = knobs;
    return startLoop(
        env, fleet, new ScalingLoopInput(tenant, knobs, false, bootTimeoutSeconds, null, null));
  }

  /** Starts the scaling loop of {@code input} on {@code env}, its activities on {@code fleet}. */
  static StartedLoop startLoop(
      TestWorkflowEnvironment env, ScalingActivities fleet, ScalingLoopInput input) {
    Worker worker = env.newWorker("logwise");
    worker.registerWorkflowImplementationTypes(ScalingLoopWorkflowImpl.class);
    worker.registerActivitiesImplementations(fleet);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    String id = WorkflowIds.scalingLoop(input.tenant());
    ScalingLoopWorkflow wf =
        client.newWorkflowStub(
            ScalingLoopWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("logwise").build());
    String run = WorkflowClient.start(wf::run, input).getRunId();
    return new StartedLoop(client, id, wf, run);
  }

  /** The histories of the loop's runs, first to last (it hands over to a new run every hour). */
  static List<io.temporal.common.WorkflowExecutionHistory> runChain(StartedLoop loop) {
    List<io.temporal.common.WorkflowExecutionHistory> chain = new ArrayList<>();
    String run = loop.firstRun();
    while (run != null) {
      io.temporal.common.WorkflowExecutionHistory history =
          loop.client().fetchHistory(loop.id(), run);
      chain.add(history);
      HistoryEvent last = history.getLastEvent();
      run =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return chain;
  }

  /**
   * A controller that hands each batch to the real workflow (time skipped to the batch's end) and
   * does what it decided: the simulated fleet behind the scaling activities.
   */
  static Controller throughWorkflow(
      TestWorkflowEnvironment env, ScalingLoopWorkflow wf, SimulatedFleet fleet) {
    return throughWorkflow(env, wf, fleet, n -> "b" + n);
  }

  /** As above, the {@code n}th batch reported under the id {@code ids} gives it. */
  static Controller throughWorkflow(
      TestWorkflowEnvironment env,
      ScalingLoopWorkflow wf,
      SimulatedFleet fleet,
      java.util.function.IntFunction<String> ids) {
    long offset = env.currentTimeMillis() + 60_000;
    return new Controller() {
      int batch;
      long consumed;
      Observation last;
      Double nextLook;

      @Override
      public String name() {
        return "adaptive (workflow)";
      }

      private void sleepUntil(long simMillis) {
        long wait = simMillis + offset - env.currentTimeMillis();
        if (wait > 0) {
          env.sleep(Duration.ofMillis(wait));
        }
      }

      /**
       * When the loop's timer fires next: from its own state (a query writes no history), asked
       * again only after the loop took in a batch or looked.
       */
      @Override
      public double nextLookSeconds() {
        ScalingConfig knobs = fleet.knobs;
        if (knobs == null || knobs.policyName() != PolicyName.ADAPTIVE || last == null) {
          return Double.MAX_VALUE;
        }
        if (nextLook == null) {
          ScalingLoopState st = wf.state();
          Long at = AdaptiveScalingPolicy.nextOverdueLookMillis(knobs, st.memory(), st.lastLook());
          nextLook = at == null ? Double.MAX_VALUE : (at - offset) / 1000.0;
        }
        return nextLook;
      }

      /** The loop's timer fires at the same moment: the fleet shows the model then. */
      @Override
      public int onLook(double seconds, int desiredWorkers, View view) {
        long at = Math.round(seconds * 1000);
        fleet.now =
            new Observation(
                last.batch(),
                desiredWorkers,
                view.aliveAt(seconds),
                last.walFile(),
                at,
                last.grantedCores());
        fleet.latestOffsets = consumed + view.lagNow(seconds);
        fleet.scaledTo = null;
        int before = fleet.recorded.size();
        sleepUntil(at);
        fleet.awaitRecordedMoreThan(before, batch - 1);
        nextLook = null;
        return fleet.scaledTo != null ? fleet.scaledTo : -1;
      }

      @Override
      public int afterBatch(Observation o, View view) {
        sleepUntil(o.nowMillis());
        last = o;
        if (o.batch().endOffsetSum() != null) {
          consumed = o.batch().endOffsetSum();
        }
        fleet.now = o;
        fleet.scaledTo = null;
        int before = fleet.recorded.size();
        BatchReport report =
            new BatchReport(
                ids.apply(batch++),
                o.batch().inputRecords(),
                0,
                o.batch().submissionTime() + offset,
                o.batch().completionTime() + offset,
                o.batch().coresUsed(),
                "succeeded",
                o.batch().kafkaLag(),
                null,
                null,
                o.batch().endOffsetSum(),
                o.batch().partitions());
        wf.batch(report);
        fleet.awaitRecordedMoreThan(before, batch - 1);
        nextLook = null;
        return fleet.scaledTo != null ? fleet.scaledTo : o.desiredWorkers();
      }
    };
  }
}
