package io.logwise.policy.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.logwise.policy.scaling.ScalingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  /** One worker throughout, whatever the batches say; each batch's report added to {@code seen}. */
  private static Controller oneWorker(List<io.logwise.policy.scaling.BatchSample> seen) {
    return new Controller() {
      public String name() {
        return "one";
      }

      public int initialWorkers(View v) {
        return 1;
      }

      public int afterBatch(Observation o, View v) {
        seen.add(o.batch());
        return 1;
      }
    };
  }

  private static Trace flat(int rate, int minutes) {
    int[] r = new int[minutes];
    java.util.Arrays.fill(r, rate);
    return new Trace("flat", "", r);
  }

  @Test
  void aFleetSizedForTheLoadKeepsEveryRecordFresh() {
    // 30,000/s needs 2 workers (one does 15,278/s with the 5 s overhead)
    SimRun r = Simulator.run(flat(30_000, 240), SimConfig.DEFAULTS, Baselines.staticPeak(), 240);
    assertThat(r.minutesOverSlo()).isZero();
    assertThat(r.workers()).containsOnly(2);
    assertThat(r.workerHours()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.01));
    // a record waits for the next trigger (up to 60 s) and its batch (about 5 + 60×30k/33.3k s)
    assertThat(r.p99FreshnessSeconds()).isBetween(60.0, 125.0);
    assertThat(r.actions()).isZero();
  }

  @Test
  void aFleetTooSmallFallsBehindAndMissesTheSlo() {
    SimRun r =
        Simulator.run(
            flat(30_000, 120), SimConfig.DEFAULTS, oneWorker(new java.util.ArrayList<>()), 120);
    assertThat(r.minutesOverSlo()).isGreaterThan(60);
    assertThat(r.p99FreshnessSeconds()).isGreaterThan(300);
  }

  @Test
  void theSameInputsGiveTheSameRun() {
    Trace t = flat(50_000, 180);
    SimRun a =
        Simulator.run(
            t,
            SimConfig.DEFAULTS,
            Simulation.controller(
                "adaptive", ScalingConfig.REFERENCE, SimConfig.DEFAULTS.withMaxWorkers(20), t),
            180);
    SimRun b =
        Simulator.run(
            t,
            SimConfig.DEFAULTS,
            Simulation.controller(
                "adaptive", ScalingConfig.REFERENCE, SimConfig.DEFAULTS.withMaxWorkers(20), t),
            180);
    assertThat(a.workers()).isEqualTo(b.workers());
    assertThat(a.workerHours()).isEqualTo(b.workerHours());
  }

  @Test
  void theOracleIsTheCostFloorAndNeverLate() {
    Trace t = flat(50_000, 120);
    List<SimRun> runs =
        Simulation.compare(
            List.of(t),
            List.of("oracle", "static-peak"),
            ScalingConfig.REFERENCE,
            SimConfig.DEFAULTS,
            0,
            1);
    assertThat(runs.get(0).minutesOverSlo()).isZero();
    assertThat(runs.get(0).workerHours()).isLessThanOrEqualTo(runs.get(1).workerHours());
  }

  @Test
  void aReplayOfASimulatedRunsBatchesMeasuresWhatTheRunMeasured() {
    // the batches a simulated run made, replayed as if they were a real run's, give the same
    // freshness, SLO minutes and worker figures: replay measures a real run as run measures
    int[] rates = new int[90];
    for (int m = 0; m < rates.length; m++) {
      rates[m] = m >= 20 && m < 50 ? 60_000 : 15_000;
    }
    Trace t = new Trace("step", "", rates);
    SimConfig model = SimConfig.DEFAULTS.with("warmupMinutes=5,maxWorkers=20,driverCores=1");
    List<Simulator.RealBatch> seen = new java.util.ArrayList<>();
    Controller adaptive = Simulation.controller("adaptive", ScalingConfig.REFERENCE, model, t);
    Controller recording =
        new Controller() {
          public String name() {
            return adaptive.name();
          }

          public int initialWorkers(View v) {
            return adaptive.initialWorkers(v);
          }

          public int afterBatch(Observation o, View v) {
            seen.add(
                new Simulator.RealBatch(
                    o.batch().submissionTime() / 1000.0,
                    o.batch().completionTime() / 1000.0,
                    o.batch().inputRecords()));
            return adaptive.afterBatch(o, v);
          }
        };
    SimRun simulated = Simulator.run(t, model, recording, 90);
    assertThat(simulated.minutesOverSlo()).as("the step costs SLO minutes").isPositive();

    SimRun replayed =
        Simulator.replay(
            t,
            model,
            "real",
            seen,
            simulated.workers(),
            simulated.actions(),
            simulated.workerHours());

    assertThat(replayed.policy()).isEqualTo("real");
    assertThat(replayed.minutesOverSlo()).isEqualTo(simulated.minutesOverSlo());
    assertThat(replayed.maxWaitSeconds()).containsExactly(simulated.maxWaitSeconds());
    assertThat(replayed.p99FreshnessSeconds())
        .isCloseTo(simulated.p99FreshnessSeconds(), org.assertj.core.data.Offset.offset(1.0));
    assertThat(replayed.workers()).containsExactly(simulated.workers());
    assertThat(replayed.batches()).isEqualTo(seen.size());
  }

  @Test
  void aReplayCountsWhatNoBatchReadAsWaitingUntilTheLastOne() {
    Trace t = flat(10, 10);
    SimConfig model =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,batchOverheadSeconds=1,warmupMinutes=0,sloSeconds=60");
    List<Simulator.RealBatch> batches = new java.util.ArrayList<>();
    for (int s = 5; s <= 180; s += 5) { // every 5 s for three minutes, then the job stops
      batches.add(new Simulator.RealBatch(s - 5, s, 50));
    }
    batches.add(new Simulator.RealBatch(595, 600, 10));
    int[] one = new int[10];
    java.util.Arrays.fill(one, 1);
    SimRun r = Simulator.replay(t, model, "real", batches, one, 0, 10 / 60.0);
    assertThat(java.util.Arrays.copyOf(r.maxWaitSeconds(), 3)).containsOnly(5);
    // minute 9's oldest record (540 s) waited exactly the minute, until the last batch ended
    assertThat(r.maxWaitSeconds()[9]).isEqualTo(60);
    assertThat(r.minutesOverSlo()).as("minutes 3 to 8 waited past a minute").isEqualTo(6);
  }

  /**
   * A driver killed while a batch runs (issue 26's closed loop): nothing runs until the new
   * driver's first batch, the batch it killed writes nothing, and that first batch runs it again
   * with the offsets it had planned, pays the new executors' extra and reports a new query run.
   */
  @Test
  void aDriverOutageLosesTheRunningBatchAndTheNewDriverReadsItsRecordsAgain() {
    // 100 records/s on one worker's two cores; a batch of 500 takes 1 + 500/2000 = 1.25 s
    Trace t = flat(100, 4);
    SimConfig cfg =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,batchOverheadSeconds=1,perCoreRecordsPerSecond=1000,sloSeconds=60,"
                + "warmupMinutes=0");
    List<io.logwise.policy.scaling.BatchSample> seen = new java.util.ArrayList<>();
    Controller keep = oneWorker(seen);
    // killed at 61 s, during the batch that started at 60 s; the new one starts at 122 s
    SimRun down = Simulator.run(t, cfg, keep, 4, List.of(new Simulator.DriverOutage(61, 122, 7)));
    List<io.logwise.policy.scaling.BatchSample> outage = List.copyOf(seen);
    seen.clear();
    SimRun up = Simulator.run(t, cfg, keep, 4);

    io.logwise.policy.scaling.BatchSample lastBefore = null;
    io.logwise.policy.scaling.BatchSample first = null;
    for (io.logwise.policy.scaling.BatchSample b : outage) {
      assertThat(b.completionTime() > 61_000 && b.completionTime() < 122_000)
          .as("no batch ends while the driver is down: %s", b)
          .isFalse();
      if (b.submissionTime() < 61_000) {
        lastBefore = b;
      } else if (first == null) {
        first = b;
      }
    }
    assertThat(lastBefore.submissionTime()).isEqualTo(55_000);
    assertThat(lastBefore.runId()).isEqualTo("driver-0");
    assertThat(first.submissionTime()).isEqualTo(122_000);
    assertThat(first.runId()).isEqualTo("driver-1");
    assertThat(first.firstOfRun(lastBefore)).isTrue();
    // the killed batch planned the records of 55-60 s (Spark's offset log): the new driver runs
    // exactly that batch again, not what Kafka holds by 122 s
    assertThat(first.inputRecords()).isEqualTo(500);
    double took = (first.completionTime() - first.submissionTime()) / 1000.0;
    assertThat(first.coresUsed()).isEqualTo(2);
    assertThat(took).isCloseTo(1 + 500 / 2000.0 + 7, within(0.01));
    // then, at once (it overran the trigger), the batch that reads the rest: 60-130.25 s
    io.logwise.policy.scaling.BatchSample second = outage.get(outage.indexOf(first) + 1);
    assertThat(second.submissionTime()).isEqualTo(130_250);
    assertThat(second.inputRecords()).isEqualTo(7_025);
    // a record produced at 55 s is written when the new driver's first batch ends, at 130.25 s
    assertThat(down.maxWaitSeconds()[0]).isEqualTo(76);
    assertThat(down.minutesOverSlo()).isPositive();
    assertThat(up.minutesOverSlo()).isZero();
    assertThat(seen).allMatch(b -> b.runId() == null);
  }

  @Test
  void driverOutagesMayNotOverlap() {
    Trace t = flat(100, 4);
    Controller keep = Baselines.staticPeak();
    assertThatThrownBy(
            () ->
                Simulator.run(
                    t,
                    SimConfig.DEFAULTS,
                    keep,
                    4,
                    List.of(
                        new Simulator.DriverOutage(100, 160, 0),
                        new Simulator.DriverOutage(150, 170, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlap");
  }

  /**
   * 10 records/s, a 5 s trigger, 1 s of overhead, 100 records/s a core, one-core workers, and a
   * second worker asked for at 0 s; {@code model} adds to that.
   */
  private static Simulator.Live twoOneCoreWorkers(String model) {
    Trace steady = Trace.parse("steady", List.of("minute,records_per_second", "0,10", "1,10"));
    SimConfig cfg =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,batchOverheadSeconds=1,perCoreRecordsPerSecond=100,coresPerWorker=1,"
                + model);
    Simulator.Live live = new Simulator.Live(steady, cfg, 2);
    live.setDesired(2);
    return live;
  }

  @Test
  void aNewWorkersFirstBatchPaysItsWarmUpOnce() {
    Simulator.Live live = twoOneCoreWorkers("bootDelaySeconds=12,workerWarmUpSeconds=4");
    // the second asked for at 0 s: ready at 12 s
    List<io.logwise.policy.scaling.BatchSample> batches = new java.util.ArrayList<>();
    while (batches.size() < 4) {
      Controller.Observation o = live.nextBatch();
      if (o != null) {
        batches.add(o.batch());
      }
    }
    // at 5 and 10 s on one core; at 15 s on two, the new worker's first; then warm
    for (int i = 0; i < 4; i++) {
      io.logwise.policy.scaling.BatchSample b = batches.get(i);
      double took = (b.completionTime() - b.submissionTime()) / 1000.0;
      double model = 1 + b.inputRecords() / (b.coresUsed() * 100.0);
      assertThat(took)
          .as("batch at %d ms on %d cores", b.submissionTime(), b.coresUsed())
          .isCloseTo(i == 2 ? model + 4 : model, within(0.01));
    }
    assertThat(batches.get(2).submissionTime()).isEqualTo(15_000);
    assertThat(batches.get(2).coresUsed()).isEqualTo(2);
  }

  /** What each of the first {@code n} batches took beyond the model's batch on its cores. */
  private static double[] beyondModel(Simulator.Live live, int n) {
    double[] beyond = new double[n];
    for (int i = 0; i < n; ) {
      Controller.Observation o = live.nextBatch();
      if (o != null) {
        io.logwise.policy.scaling.BatchSample b = o.batch();
        double took = (b.completionTime() - b.submissionTime()) / 1000.0;
        beyond[i++] = took - (1 + b.inputRecords() / (b.coresUsed() * 100.0));
      }
    }
    return beyond;
  }

  @Test
  void workersThatBecomeReadyTogetherAddTheirExtraWarmUpToTheFirstBatchOnThem() {
    // two more asked for at once (three in all), ready together at 12 s: the batch at 15 s pays
    // the warm-up and one extra worker's; the batches after are warm
    Simulator.Live together =
        twoOneCoreWorkers(
            "bootDelaySeconds=12,workerWarmUpSeconds=4,warmUpPerExtraWorkerSeconds=6");
    together.setDesired(3);
    double[] beyond = beyondModel(together, 4);
    assertThat(beyond[0]).isCloseTo(0, within(0.01));
    assertThat(beyond[1]).isCloseTo(0, within(0.01));
    assertThat(beyond[2]).isCloseTo(10, within(0.01));
    assertThat(beyond[3]).isCloseTo(0, within(0.01));

    // one worker at a time pays the warm-up alone, however large the extra
    double[] alone =
        beyondModel(
            twoOneCoreWorkers(
                "bootDelaySeconds=12,workerWarmUpSeconds=4,warmUpPerExtraWorkerSeconds=6"),
            4);
    assertThat(alone[2]).isCloseTo(4, within(0.01));
  }

  @Test
  void theBatchAfterABootedWorkerIsRemovedPaysItsRerunOnce() {
    Simulator.Live live = twoOneCoreWorkers("bootDelaySeconds=0,scaleDownRerunSeconds=3");
    List<Double> extra = new java.util.ArrayList<>();
    while (extra.size() < 3) {
      Controller.Observation o = live.nextBatch();
      if (o == null) {
        continue;
      }
      io.logwise.policy.scaling.BatchSample b = o.batch();
      double took = (b.completionTime() - b.submissionTime()) / 1000.0;
      extra.add(took - (1 + b.inputRecords() / (b.coresUsed() * 100.0)));
      if (extra.size() == 1) {
        live.setDesired(1); // a booted worker goes after the first batch
      }
    }
    assertThat(extra.get(0)).isCloseTo(0, within(0.01));
    assertThat(extra.get(1)).as("the batch after the removal").isCloseTo(3, within(0.01));
    assertThat(extra.get(2)).isCloseTo(0, within(0.01));
  }

  /**
   * A batch of 500 records starts at 5 s on one core (1 s of overhead, 100 records/s a core); a
   * second one-core worker, asked for at 0 s, is ready at 8 s. By default the batch runs on the
   * core it started with (6 s) and says so; with {@code joinRunningBatch=1} the new core takes what
   * is left from 8 s on, and the batch reports the two cores live at its end, as the listener does.
   */
  @Test
  void aWorkerThatComesUpWhileABatchRunsHelpsItOnlyWhenTheModelSaysSo() {
    var kept = batchesFrom("", 2);
    assertThat(seconds(kept.get(0))).isCloseTo(6, within(0.01));
    assertThat(kept.get(0).coresUsed()).isEqualTo(1);

    var joined = batchesFrom("joinRunningBatch=1", 2);
    // 1 s overhead, 200 records on one core until 8 s, the other 300 on two: 1.5 s
    assertThat(seconds(joined.get(0))).isCloseTo(4.5, within(0.01));
    assertThat(joined.get(0).coresUsed()).isEqualTo(2);
    assertThat(joined.get(1).submissionTime()).isEqualTo(10_000);
  }

  @Test
  void aJoiningWorkerWarmsUpOnTheBatchItJoinsAndThenRunsWarm() {
    var kept = batchesFrom("workerWarmUpSeconds=1", 2);
    // the worker is ready at 8 s, after the first batch started: the next batch pays the warm-up
    assertThat(seconds(kept.get(0))).isCloseTo(6, within(0.01));
    assertThat(seconds(kept.get(1)))
        .isCloseTo(1 + 0.5 * kept.get(1).inputRecords() / 100.0 + 1, within(0.01));

    var joined = batchesFrom("workerWarmUpSeconds=1,joinRunningBatch=1,joinDelaySeconds=1", 2);
    // its executor registers 1 s after it is ready: its tasks start at 9 s: 300 records on one
    // core, the other 200 on two
    assertThat(seconds(joined.get(0))).isCloseTo(5, within(0.01));
    assertThat(seconds(joined.get(1)))
        .as("warm since the batch it joined")
        .isCloseTo(1 + 0.5 * joined.get(1).inputRecords() / 100.0, within(0.01));
  }

  @Test
  void withPartitionsAJoiningWorkerTakesTheTasksNotStarted() {
    // five tasks of 100 records (1 s each) from 6 s: 6, 7, 8 on the first core; at 8 s the new
    // core takes one, the first core the last: done at 10 s, not 11
    assertThat(seconds(batchesFrom("partitions=5", 1).get(0))).isCloseTo(6, within(0.01));
    assertThat(seconds(batchesFrom("partitions=5,joinRunningBatch=1", 1).get(0)))
        .isCloseTo(5, within(0.01));
  }

  /**
   * Spark hands a registering executor a pending task without knowing it will run cold: five tasks
   * of 1 s from 6 s on the first core (6, 7, 8, 9, 10); the new core joins at 9.5 s (ready at 8 s,
   * registered 1.5 s later) and takes the last, which runs 1 s + 2 s cold. The batch waits for it:
   * done at 12.5 s, 7.5 s where the first core alone took 6. The worker is warm after it.
   */
  @Test
  void aColdJoinerCanMakeTheBatchItJoinsLonger() {
    String cold = "partitions=5,joinRunningBatch=1,joinDelaySeconds=1.5,coldTaskSeconds=2";
    var joined = batchesFrom(cold + ",workerWarmUpSeconds=4", 2);
    assertThat(seconds(joined.get(0))).isCloseTo(7.5, within(0.01));
    // the next batch runs on two warm cores: 1 s overhead, five tasks in three waves
    assertThat(seconds(joined.get(1)))
        .as("warm since the batch it joined")
        .isCloseTo(1 + 3 * joined.get(1).inputRecords() / 5 / 100.0, within(0.01));
    // with no delay it is free at 8 s with the first core: the first core takes the third task
    // (cores free together: the batch's own first), the new one the fourth, cold, 8 + 1 + 2 = 11 s;
    // the first core runs the fifth by 10 s, and the batch waits for the cold one: 6 s, as long as
    // the first core alone (without the cold cost: 5 s, above)
    assertThat(seconds(batchesFrom("partitions=5,joinRunningBatch=1,coldTaskSeconds=2", 1).get(0)))
        .isCloseTo(6, within(0.01));
    // without partitions the cold cost delays when the new core counts: 300 records on one core
    // by 9 s, the other 200 on two by 10 s (4.5 s without it; 6 s if it did not join)
    var fluid = batchesFrom("joinRunningBatch=1,coldTaskSeconds=1", 1);
    assertThat(seconds(fluid.get(0))).isCloseTo(5, within(0.01));
    // and never makes the batch longer: joining after the first core alone would have finished
    var late = batchesFrom("joinRunningBatch=1,joinDelaySeconds=1.5,coldTaskSeconds=2", 1);
    assertThat(seconds(late.get(0))).isCloseTo(6, within(0.01));
  }

  /**
   * The first {@code n} batches of 100 records/s on one-core workers (5 s trigger, 1 s overhead,
   * 100 records/s a core, an 8 s boot), a second worker asked for at 0 s; {@code model} adds to
   * that.
   */
  private static List<io.logwise.policy.scaling.BatchSample> batchesFrom(String model, int n) {
    Trace busy = Trace.parse("busy", List.of("minute,records_per_second", "0,100", "1,100"));
    SimConfig cfg =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,batchOverheadSeconds=1,perCoreRecordsPerSecond=100,coresPerWorker=1,"
                + "bootDelaySeconds=8,"
                + model);
    Simulator.Live live = new Simulator.Live(busy, cfg, 2);
    live.setDesired(1); // the run starts with what the load needs: two, ready
    live.setDesired(2);
    assertThat(live.alive()).isOne();
    List<io.logwise.policy.scaling.BatchSample> batches = new java.util.ArrayList<>();
    while (batches.size() < n) {
      Controller.Observation o = live.nextBatch();
      if (o != null) {
        batches.add(o.batch());
      }
    }
    assertThat(batches.get(0).submissionTime()).isEqualTo(5_000);
    assertThat(batches.get(0).inputRecords()).isEqualTo(500);
    return batches;
  }

  private static double seconds(io.logwise.policy.scaling.BatchSample b) {
    return (b.completionTime() - b.submissionTime()) / 1000.0;
  }
}
