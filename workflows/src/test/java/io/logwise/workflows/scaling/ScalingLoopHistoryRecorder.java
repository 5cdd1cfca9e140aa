package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.sim.Controller;
import io.logwise.policy.sim.SimConfig;
import io.logwise.policy.sim.Simulation;
import io.logwise.policy.sim.Simulator;
import io.logwise.policy.sim.Trace;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes a history of {@code scaling-loop} with the adaptive policy for the replay tests: the two
 * hours around the spike trace's 10× surge (scale-ups, a merged scale-down), a backlog of 15
 * reports in one signal (evaluated once), an override set and cleared in the middle. {@code mvn -pl
 * workflows test -Dtest=ScalingLoopHistoryRecorder
 * -Dlogwise.recordHistories=$PWD/workflows/src/test/resources/histories}.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class ScalingLoopHistoryRecorder {

  @Test
  void record() throws Exception {
    Path file =
        Path.of(System.getProperty("logwise.recordHistories"))
            // v5: bounded drain, a coalesced backlog (adaptive revision 1); v8: the same two
            // hours with revision 2's surge rules (one step up, one down); v9: overrides saved
            // one at a time (override-in-order); v10: revision 3's noise rules
            // (adaptive-noise-rules); v11: the first run hands over after an hour
            // (hourly-hand-over); v12: revision 4, a surge measured against the window's own
            // noise (adaptive-band-rules); v13: revision 5, the listener's ids name query runs and
            // the driver restarts after 70 batches; the new run's first batch is not measured
            // (adaptive-restart-rules); v14: revision 6 (adaptive-slo-rules), the surge's step
            // sized to drain within what the freshness SLO leaves (2→23; its release of a fleet
            // twice the need does not come up in these two hours; release() recorded v15 under
            // revision 6, and now v16)
            .resolve("scaling-loop-v14.json");
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    Trace day =
        Trace.parse(
            "spike10x", Files.readAllLines(Path.of("..", "bench", "traces", "spike10x.csv")));
    Trace surge = new Trace("surge", "", Arrays.copyOfRange(day.recordsPerSecond(), 800, 920));
    SimConfig model =
        SimConfig.DEFAULTS.withMaxWorkers(2 * SimConfig.DEFAULTS.workersFor(day.peak()));
    ScalingConfig knobs = Simulation.knobs(ScalingConfig.REFERENCE, model, surge, "adaptive");
    ScalingParityTest.SimulatedFleet fleet = new ScalingParityTest.SimulatedFleet();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      ScalingParityTest.StartedLoop loop =
          ScalingParityTest.startLoop(env, fleet, "acme", knobs, 780L);
      ScalingLoopWorkflow wf = loop.wf();
      Controller driven =
          ScalingParityTest.throughWorkflow(
              env,
              wf,
              fleet,
              n -> (n < 70 ? "5d1f0c2a-run-one-" : "8a2e6b3d-run-two-") + (100 + n));
      Simulator.run(
          surge,
          model,
          new Controller() {
            int batches;

            @Override
            public String name() {
              return driven.name();
            }

            @Override
            public int initialWorkers(View view) {
              return driven.initialWorkers(view);
            }

            @Override
            public int afterBatch(Observation o, View view) {
              if (++batches == 30) {
                // a listener flushing its backlog after an outage: one signal, one evaluation
                java.util.List<BatchReport> backlog = new java.util.ArrayList<>();
                long t = env.currentTimeMillis();
                for (int i = 0; i < 15; i++) {
                  backlog.add(
                      new BatchReport(
                          "backlog-" + i,
                          o.batch().inputRecords(),
                          10,
                          t - (15 - i) * 1000L,
                          t - (15 - i) * 1000L + 500,
                          null,
                          "succeeded",
                          null,
                          true,
                          true));
                }
                wf.batches(backlog);
              }
              if (batches == 60) {
                wf.setOverride(new OverrideRequest(null, false, "recorder"));
                wf.setOverride(new OverrideRequest(null, null, "recorder"));
              }
              return driven.afterBatch(o, view);
            }
          },
          surge.minutes());
      Files.writeString(file, loop.client().fetchHistory(loop.id(), loop.firstRun()).toJson(true));
    }
  }

  /**
   * v15: revision 6's release (v16: the same under revision 7, adaptive-changed-cores; v17: under
   * revision 8, adaptive-granted-cores, the simulated master answering with its grant; v18: under
   * revision 9, adaptive-overhead-jitter): half an hour at 20,000 records/s, 40 minutes at 200,000,
   * then 20,000 again; the surge's fleet, at least twice what the load then needs, is released
   * without the scale-down window once it has stabilised. Writes the run (of the hourly hand-overs)
   * that released; refuses to write one without a release.
   */
  @Test
  void release() throws Exception {
    // the loop hands over to a new run every hour: the run that released
    recordSurge("scaling-loop-v19.json", 120, 70, "5d1f0c2a-run-one-", RELEASED);
  }

  /**
   * Revision 10's look between reports: the run of a step to 200,000/s in which a batch report was
   * overdue and the loop read Kafka and scaled up on it, its looks cancelled while reports came
   * first.
   */
  @Test
  void look() throws Exception {
    recordSurge("scaling-loop-v20.json", 60, 60, "7e2a9b41-run-one-", LOOKED);
  }

  /**
   * v23: revision 11 (adaptive-fall-rules) on half an hour at 200,000 records/s between 20,000: the
   * fleet raised for the surge is held through its plateau (SURGE_FLEET_HELD), then released in one
   * step once the fall has levelled. Writes the run (of the hourly hand-overs) that released.
   */
  @Test
  void fall() throws Exception {
    recordSurge("scaling-loop-v23.json", 120, 60, "c4e7a1f3-run-one-", FELL);
  }

  /**
   * v21: a Kafka migration under revision 10. Ten steady reports; the cut-over switches the cluster
   * (the database says when) and a look while the new driver starts finds the newest report read
   * the old one, so it decides nothing (overdue-look-after-switch); then the supervisor's signal
   * empties the window (kafka-switch-clears-window), late reports of the old driver stay out (one
   * by its time, one by its run), and the new cluster's reports come in alone, through the hourly
   * hand-over (v22: the next run, where one more late report of the old run stays out only if the
   * switch was carried).
   */
  @Test
  void migrated() throws Exception {
    Path file = fresh("scaling-loop-v21.json");
    // v22: the run after it, started from the carried state that holds the switch
    Path carried = fresh("scaling-loop-v22.json");
    FakeFleet fleet = new FakeFleet();
    fleet.desired = 2;
    fleet.alive = 2;
    fleet.granted = 4;
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      ScalingParityTest.StartedLoop loop =
          ScalingParityTest.startLoop(
              env,
              fleet,
              ScalingLoopInput.of(
                  "acme",
                  ScalingConfig.REFERENCE.withPolicy("adaptive").withWorkers(1, 50),
                  false));
      WorkflowClient client = loop.client();
      String id = loop.id();
      ScalingLoopWorkflow wf = loop.wf();
      String run = loop.firstRun();
      long read = 0;
      for (int n = 0; n < 10; n++) {
        read += 1_200_000;
        wf.batch(report("old-" + n, env.currentTimeMillis(), 800_000L, read));
        env.sleep(java.time.Duration.ofSeconds(60));
      }
      long switched = env.currentTimeMillis();
      fleet.switchedAt = switched;
      fleet.latestOffsets = read + 5_000_000_000L;
      env.sleep(java.time.Duration.ofSeconds(65));
      wf.kafkaSwitched(new io.logwise.workflows.spark.KafkaSwitched("m1", switched));
      // late reports of the old driver: one naming no run, ended before the switch; one of its
      // run on a clock a minute ahead
      wf.batch(report("old-late", switched - 500, 0L, read + 1_200_000));
      wf.batch(report("old-10", env.currentTimeMillis() + 60_000, 0L, read + 1_200_000));
      long base = read + 5_000_000_000L;
      for (int n = 0; n < 4; n++) {
        env.sleep(java.time.Duration.ofSeconds(60));
        wf.batch(report("new-" + n, env.currentTimeMillis(), 0L, base + n * 1_200_000L));
      }
      // the new cluster's reports go on past the hourly hand-over, so that the next run starts
      // from a carried state that holds the switch
      for (int n = 4; n < 55; n++) {
        env.sleep(java.time.Duration.ofSeconds(60));
        wf.batch(report("new-" + n, env.currentTimeMillis(), 0L, base + n * 1_200_000L));
      }
      // in the next run, a late report of the old run stays out only if the switch was carried
      wf.batch(report("old-11", env.currentTimeMillis(), 0L, read + 2_400_000));
      for (int n = 55; n < 57; n++) {
        env.sleep(java.time.Duration.ofSeconds(60));
        wf.batch(report("new-" + n, env.currentTimeMillis(), 0L, base + n * 1_200_000L));
      }
      env.sleep(java.time.Duration.ofSeconds(5));
      Files.writeString(file, client.fetchHistory(id, run).toJson(true));
      io.temporal.common.WorkflowExecutionHistory next =
          client.fetchHistory(
              id,
              client
                  .fetchHistory(id, run)
                  .getLastEvent()
                  .getWorkflowExecutionContinuedAsNewEventAttributes()
                  .getNewExecutionRunId());
      Files.writeString(carried, next.toJson(true));
    }
  }

  /** A report of 1.2 M records, busy 30 s on 4 cores, ending at {@code end}. */
  private static BatchReport report(String id, long end, long lag, long endOffsets) {
    return new BatchReport(
        id, 1_200_000, 0, end - 35_000, end, 4, "succeeded", lag, null, null, endOffsets, null);
  }

  /**
   * Runs {@code minutes} of 20,000/s with 200,000/s from minute 30 to {@code surgeEnd} through the
   * loop (batch ids {@code idPrefix} + number) and writes to {@code name} the first run whose
   * decisions say {@code decided}.
   */
  private static void recordSurge(
      String name, int minutes, int surgeEnd, String idPrefix, String decided) throws Exception {
    Path file = fresh(name);
    int[] rates = new int[minutes];
    for (int m = 0; m < rates.length; m++) {
      rates[m] = m >= 30 && m < surgeEnd ? 200_000 : 20_000;
    }
    Trace surge = new Trace(surgeEnd < minutes ? "surge-and-back" : "surge", "", rates);
    SimConfig model = SimConfig.DEFAULTS.withMaxWorkers(2 * SimConfig.DEFAULTS.workersFor(200_000));
    ScalingConfig knobs = Simulation.knobs(ScalingConfig.REFERENCE, model, surge, "adaptive");
    ScalingParityTest.SimulatedFleet fleet = new ScalingParityTest.SimulatedFleet();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      ScalingParityTest.StartedLoop loop =
          ScalingParityTest.startLoop(env, fleet, "acme", knobs, 780L);
      Simulator.run(
          surge,
          model,
          ScalingParityTest.throughWorkflow(env, loop.wf(), fleet, n -> idPrefix + (100 + n)),
          surge.minutes());
      for (io.temporal.common.WorkflowExecutionHistory history : ScalingParityTest.runChain(loop)) {
        if (scheduledInputs(history).contains(decided)) {
          Files.writeString(file, history.toJson(true));
          return;
        }
      }
      throw new IllegalStateException("no run decided '" + decided + "'; " + name + " not written");
    }
  }

  /** What revision 10's look between reports says in its decision. */
  static final String LOOKED = "no report for";

  /** What revision 11's release of a fall says in its decision. */
  static final String FELL = "released in one step";

  /** What revision 11's hold of a surge's fleet says in its decision. */
  static final String SURGE_HELD = "raised for a surge";

  /** What revision 6's release says in its decision. */
  static final String RELEASED = "released without the scale-down window";

  /** The inputs of every activity the run scheduled, as text: what it decided, and why. */
  static String scheduledInputs(io.temporal.common.WorkflowExecutionHistory history) {
    StringBuilder all = new StringBuilder();
    for (io.temporal.api.history.v1.HistoryEvent e : history.getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        for (io.temporal.api.common.v1.Payload p :
            e.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList()) {
          all.append(p.getData().toStringUtf8()).append('\n');
        }
      }
    }
    return all.toString();
  }

  /** v7: the master down: an upscale decided on the fleet alone, a scale-down refused, recovery. */
  @Test
  void masterDown() throws Exception {
    Path file = fresh("scaling-loop-v7.json");
    FakeFleet fleet = new FakeFleet();
    fleet.wal = java.util.List.of("57");
    fleet.masterFailure =
        io.logwise.workflows.LogwiseFailures.unavailable("Spark master cannot be reached", null);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      ScalingParityTest.StartedLoop loop =
          ScalingParityTest.startLoop(env, fleet, ScalingLoopInput.of("acme", null, false));
      WorkflowClient client = loop.client();
      String id = loop.id();
      ScalingLoopWorkflow wf = loop.wf();
      String run = loop.firstRun();
      long[] ramp = {2_000_000, 2_500_000, 3_000_000, 3_500_000, 4_000_000, 1_000_000};
      for (int i = 0; i < 15; i++) {
        if (i == 10) {
          fleet.masterFailure = null; // back
        }
        long t = 1_700_000_000_000L + i * 60_000L;
        wf.batch(
            new BatchReport(
                "m" + i,
                ramp[Math.min(i, ramp.length - 1)],
                10,
                t,
                t + 20_000,
                null,
                "succeeded",
                null,
                true,
                true));
        env.sleep(java.time.Duration.ofSeconds(30));
      }
      Files.writeString(file, client.fetchHistory(id, run).toJson(true));
    }
  }

  /** Where to write the history {@code name}; refuses one that exists: never overwrite. */
  static Path fresh(String name) {
    Path file = Path.of(System.getProperty("logwise.recordHistories")).resolve(name);
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    return file;
  }
}
