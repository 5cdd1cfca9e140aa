package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import io.logwise.config.ScalingSettings;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.sim.SimConfig;
import io.logwise.policy.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The simulator check's parts, without Spark: the recording and the fit. */
class SimulatorCheckTest {

  @TempDir Path dir;

  @Test
  void aRecordedRunReadsBackAsItWasWritten() throws Exception {
    SimConfig model =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,batchOverheadSeconds=3,partitions=10,driverCores=1");
    SimulatorCheck.Recorded run =
        new SimulatorCheck.Recorded(
            "adaptive",
            6,
            "{policy: adaptive, adaptive: {triggerInterval: 5s}}",
            model,
            new int[] {10, 30, 10},
            1_000L,
            1,
            61_000L,
            List.of(
                new SimulatorCheck.Batch("run-a-0", 1_000, 26_000, 60, 1),
                new SimulatorCheck.Batch("run-a-1", 30_000, 4_000, 50, null)),
            List.of(new SimulatorCheck.Change(40_000, 3)),
            List.of(new SimulatorCheck.Granted(2_000, 1), new SimulatorCheck.Granted(62_000, 5)),
            List.of(
                new SimulatorCheck.Decision(
                    40_000, "UPSCALE", 1, 3, "workers 1→3: the batch took 8 s\nof 5"),
                new SimulatorCheck.Decision(45_000, "NONE", 3, 3, "")));
    Path file = dir.resolve("adaptive.run");
    run.write(file);

    SimulatorCheck.Recorded back = SimulatorCheck.Recorded.read(Files.readAllLines(file));

    assertThat(back.policy()).isEqualTo("adaptive");
    assertThat(back.revision()).isEqualTo(6);
    assertThat(back.scaling()).isEqualTo(run.scaling());
    assertThat(back.model()).isEqualTo(model);
    assertThat(back.rates()).containsExactly(10, 30, 10);
    assertThat(back.playStart()).isEqualTo(1_000L);
    assertThat(back.initialWorkers()).isEqualTo(1);
    assertThat(back.killedAtMillis()).isEqualTo(61_000L);
    assertThat(back.batches()).isEqualTo(run.batches());
    assertThat(back.changes()).isEqualTo(run.changes());
    assertThat(back.grants()).isEqualTo(run.grants());
    assertThat(back.decisions())
        .containsExactly(
            new SimulatorCheck.Decision(
                40_000, "UPSCALE", 1, 3, "workers 1→3: the batch took 8 s of 5"),
            new SimulatorCheck.Decision(45_000, "NONE", 3, 3, ""));
    assertThat(back.trace().rateAt(1)).isEqualTo(30);
    // a recording from before the revision line was made with revision 5
    List<String> older = new java.util.ArrayList<>(Files.readAllLines(file));
    older.removeIf(l -> l.startsWith("revision "));
    assertThat(SimulatorCheck.Recorded.read(older).revision()).isEqualTo(5);
  }

  @Test
  void theFitFindsTheModelThatMadeTheBatches() {
    SimConfig truth =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,partitions=10,perCoreRecordsPerSecond=20,"
                + "batchOverheadSeconds=2.5,taskWaveSeconds=0.3,sharedRecordsPerSecond=80");
    List<SimulatorCheck.Batch> batches = new ArrayList<>();
    List<SimulatorCheck.Granted> grants = new ArrayList<>();
    List<SimulatorCheck.Change> ups = new ArrayList<>();
    // the query's first batch: warm-up, left out however long it took
    batches.add(new SimulatorCheck.Batch("r-0", 0, 60_000, 60, 1));
    long at = 60_000;
    int n = 1;
    for (int cores : new int[] {1, 3, 5}) {
      if (cores > 1) {
        ups.add(new SimulatorCheck.Change(at - 20_000, cores));
      }
      long phase = at;
      for (long records : new long[] {50, 150, 400, 1000}) {
        long millis = Math.round(1000 * truth.batchSeconds(records, cores));
        if (cores > 1 && at == phase) {
          millis += 7_000; // the first batch on the new worker: cold
        }
        batches.add(new SimulatorCheck.Batch("r-" + n++, at, millis, records, cores));
        at += millis;
      }
      // the master sampled every second, through the phase's last batch; then a quiet second
      for (long t = phase; t < at + 1000; t += 1000) {
        grants.add(new SimulatorCheck.Granted(t, cores));
      }
      at = grants.get(grants.size() - 1).atMillis() + 1000;
    }
    // the driver still counts a dropped worker's executors (7 cores where the master says 5): out
    batches.add(new SimulatorCheck.Batch("r-" + n++, at - 9_000, 6_000, 300, 7));
    // the batch running when the grant fell: out of the fit, 5 s beyond it on the 3 cores left
    grants.add(new SimulatorCheck.Granted(at, 5));
    batches.add(
        new SimulatorCheck.Batch(
            "r-" + n, at + 500, Math.round(1000 * (truth.batchSeconds(300, 3) + 5)), 300, 5));
    grants.add(new SimulatorCheck.Granted(at + 2_000, 3));
    grants.add(new SimulatorCheck.Granted(at + 20_000, 3));

    SimulatorCheck.Measured m = SimulatorCheck.measure(batches, 10, 2, ups, grants);

    assertThat(m.fitted()).as("12 less the two first batches on new workers").isEqualTo(10);
    assertThat(m.perCore()).isCloseTo(20, within(0.05));
    assertThat(m.overheadSeconds()).isCloseTo(2.5, within(0.01));
    assertThat(m.waveSeconds()).isCloseTo(0.3, within(0.01));
    assertThat(m.sharedPerSecond()).isCloseTo(80, within(0.5));
    assertThat(m.warmUpSeconds()).isCloseTo(7, within(0.01));
    assertThat(m.warmUpPerExtraWorkerSeconds())
        .as("every rise of the grant was one two-core worker's: nothing tells one from two")
        .isZero();
    assertThat(m.rerunSeconds()).isCloseTo(5, within(0.01));
    assertThat(m.bootSeconds()).as("from each scale-up to more cores granted").isEqualTo(20);
  }

  /**
   * A batch that a new worker joined while it ran, made by the join model (the worker's executor
   * takes a task 14 s after its cores are granted, when the batch's own core has two tasks left,
   * and that first task runs 6 s cold, so the batch ends 1.5 s later than on its own core): the fit
   * chooses joining and its delay and cold cost give the batch back; the same batch whose driver
   * counted no new cores at its end, or during which the grant also fell, is not fitted as joined.
   */
  @Test
  void theFitJoinsNewWorkersToTheRunningBatchOnlyWhereTheDriverSawThem() {
    SimConfig truth =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,partitions=10,perCoreRecordsPerSecond=20,batchOverheadSeconds=2.5,"
                + "joinRunningBatch=1,joinDelaySeconds=14,coldTaskSeconds=6");
    double joinedSeconds = truth.joinedBatch(400, 1, new double[] {2}, new int[] {2}).seconds();
    assertThat(joinedSeconds)
        .as("longer than on its own core: the cold task ends last")
        .isGreaterThan(truth.batchSeconds(400, 1));

    SimulatorCheck.Measured seen = measureJoinRun(joinedSeconds, 3, false);
    assertThat(seen.joinsFitted()).isEqualTo(1);
    assertThat(seen.warmUpSeconds()).as("the new worker took a task: warm after").isZero();
    SimConfig fitted =
        truth.with(
            String.format(
                java.util.Locale.ROOT,
                "joinDelaySeconds=%s,coldTaskSeconds=%s",
                seen.joinDelaySeconds(),
                seen.coldTaskSeconds()));
    assertThat(fitted.joinedBatch(400, 1, new double[] {2}, new int[] {2}).seconds())
        .isCloseTo(joinedSeconds, within(0.3));

    SimulatorCheck.Measured unseen = measureJoinRun(joinedSeconds, 1, false);
    assertThat(unseen.joinsFitted()).as("the driver counted one core at its end").isZero();

    SimulatorCheck.Measured fell = measureJoinRun(joinedSeconds, 3, true);
    assertThat(fell.joinsFitted()).as("the grant rose and fell during the batch").isZero();
  }

  /** {@link #joinRun} with {@link #joinGrants} as the check measures it (two-core workers). */
  private static SimulatorCheck.Measured measureJoinRun(
      double joinedSeconds, int endCores, boolean fell) {
    return SimulatorCheck.measure(
        joinRun(joinedSeconds, endCores),
        10,
        2,
        List.of(new SimulatorCheck.Change(0, 2)),
        joinGrants(fell));
  }

  /**
   * Steady batches on one core, the batch at 100 s that a worker joins (its cores granted at 102 s;
   * {@code endCores} the listener's count at its end), then steady batches on three cores, the
   * first of them on the new worker.
   */
  private static List<SimulatorCheck.Batch> joinRun(double joinedSeconds, int endCores) {
    SimConfig steady =
        SimConfig.DEFAULTS.with(
            "triggerSeconds=5,partitions=10,perCoreRecordsPerSecond=20,batchOverheadSeconds=2.5");
    List<SimulatorCheck.Batch> batches = new ArrayList<>();
    batches.add(new SimulatorCheck.Batch("r-0", 0, 10_000, 60, 1)); // the query's first: out
    long at = 20_000;
    int n = 1;
    for (long records : new long[] {50, 150, 300, 100, 250}) {
      long millis = Math.round(1000 * steady.batchSeconds(records, 1));
      batches.add(new SimulatorCheck.Batch("r-" + n++, at, millis, records, 1));
      at += millis + 1_000;
    }
    batches.add(
        new SimulatorCheck.Batch(
            "r-" + n++, 100_000, Math.round(1000 * joinedSeconds), 400, endCores));
    at = 100_000 + Math.round(1000 * joinedSeconds) + 1_000;
    for (long records : new long[] {450, 150, 600, 300}) {
      long millis = Math.round(1000 * steady.batchSeconds(records, 3));
      batches.add(new SimulatorCheck.Batch("r-" + n++, at, millis, records, 3));
      at += millis + 1_000;
    }
    return batches;
  }

  /**
   * The master's grant each second: one core, three from 102 s (or one again from 104 s to 106 s).
   */
  private static List<SimulatorCheck.Granted> joinGrants(boolean fell) {
    List<SimulatorCheck.Granted> grants = new ArrayList<>();
    for (long t = 0; t <= 200_000; t += 1_000) {
      int cores = t < 102_000 || fell && t >= 104_000 && t < 106_000 ? 1 : 3;
      grants.add(new SimulatorCheck.Granted(t, cores));
    }
    return grants;
  }

  @Test
  void theWarmUpGrowsWithTheWorkersStartedTogetherWhenTheRunsStartedBothOneAndSeveral() {
    double[] noFit = {0, 0, 0, 0};
    // rows as observe makes them: {1, per task, waves, records, seconds, workers started together}
    List<double[]> oneAtATime =
        List.of(
            new double[] {1, 0, 0, 0, 2, 1},
            new double[] {1, 0, 0, 0, 3, 1},
            new double[] {1, 0, 0, 0, 1, 1});
    List<double[]> both = new ArrayList<>(oneAtATime);
    both.add(new double[] {1, 0, 0, 0, 20, 2});
    both.add(new double[] {1, 0, 0, 0, 22, 2});
    // medians 2 s (one at a time, three batches) and 22 s (two together, two batches)
    assertThat(SimulatorCheck.warmUps(noFit, both))
        .containsExactly(new double[] {2, 20}, within(1e-9));
    // one count only: the median, nothing extra
    assertThat(SimulatorCheck.warmUps(noFit, oneAtATime)).containsExactly(2, 0);
    // a warm-up that falls with more workers is no reason to add: the median of all, nothing extra
    List<double[]> falling = new ArrayList<>(oneAtATime);
    falling.add(new double[] {1, 0, 0, 0, 0, 2});
    assertThat(SimulatorCheck.warmUps(noFit, falling)).containsExactly(2, 0);
  }

  /**
   * The fit counts the workers that became ready since the batch before started from the master's
   * grants: the adaptive runs' step started two at once (their grant rose by four cores, one or two
   * samples apart), the classic runs' one at a time.
   */
  @Test
  void theFirstBatchesOnNewWorkersAreCountedByTheWorkersTheMasterGrantedSinceTheBatchBefore()
      throws Exception {
    for (String run : List.of("adaptive", "adaptive-r7")) {
      assertThat(SimulatorCheck.observe(recorded(run)).firstOnNew())
          .as(run)
          .extracting(r -> (int) r[5])
          .contains(2)
          .allMatch(n -> n == 1 || n == 2);
    }
    for (String run : List.of("classic", "classic-b")) {
      assertThat(SimulatorCheck.observe(recorded(run)).firstOnNew())
          .as(run)
          .isNotEmpty()
          .extracting(r -> (int) r[5])
          .containsOnly(1);
    }
    // a rise sampled in two steps adds up (four cores: two two-core workers); a fall is no rise,
    // and neither is the job's first grant
    List<SimulatorCheck.Granted> grants =
        List.of(
            new SimulatorCheck.Granted(0, 0),
            new SimulatorCheck.Granted(1_000, 1),
            new SimulatorCheck.Granted(2_000, 3),
            new SimulatorCheck.Granted(4_000, 5),
            new SimulatorCheck.Granted(6_000, 4));
    assertThat(SimulatorCheck.risenCores(grants, 1_000, 6_000)).isEqualTo(4);
    assertThat(SimulatorCheck.risenCores(grants, 3_000, 6_000)).isEqualTo(2);
    assertThat(SimulatorCheck.risenCores(grants, 4_000, 6_000)).as("a fall only").isZero();
    assertThat(SimulatorCheck.risenCores(grants, 0, 1_500)).as("the first grant").isZero();
  }

  /**
   * The check on runs {@code ClosedLoopSparkIT} recorded on this machine (test resources): the
   * simulator, fitted to each, reproduces every run but revision 5's killed one within the issue's
   * targets; that one misses only the workers, with why (docs/scaling.md, "The simulator against
   * the real run").
   */
  @ParameterizedTest
  @MethodSource("recordedRuns")
  void theSimulatorAgainstARecordedRealRun(String name) throws Exception {
    SimulatorCheck.Result r = check(name, null);
    System.out.println(r.table());
    List<String> missed = SimulatorCheck.missedTargets(r.real(), r.simulated());
    if (!name.equals("adaptive-killed")) {
      // the classic runs since their fits have new workers join the batch running at the step's
      // scale-ups, cold (below); revision 8's and 11's killed runs since the outage is the run's
      assertThat(missed).as("the issue's targets, on a run the model can describe").isEmpty();
    } else {
      // the simulated driver is down as long as the real one was (SimulatorCheck.outage): the
      // SLO minutes and the p99 agree (without it: 68 s real, 20 s simulated). The workers part
      // for two minutes: the real loop (revision 5) released late and then took a scale-up back
      // on the batch across the scale-down, a flap revisions 7 and 8 stopped
      assertThat(missed).isNotEmpty().allMatch(m -> m.startsWith("workers within"));
      assertThat(r.simulated().p99FreshnessSeconds())
          .isCloseTo(r.real().p99FreshnessSeconds(), withinPercentage(25));
    }
  }

  /**
   * What the classic runs missed before the model had new workers join a running batch: in the
   * first and third, the batches running at the step's scale-ups took 9-13 s longer than the cores
   * they started with would have (classic: 25.6 s against 16.5; classic (b)'s 1 s), and the
   * simulator, keeping a batch on its cores, had no such cost. Spark hands a registering executor
   * the running stage's pending tasks, and a new executor's first task runs cold: fitted to each
   * classic run, the join model describes those batches, and the runs meet every target that the
   * model keeping the cores misses (the p99: 46 s real and 34 s simulated, 59 s and 28 s). The
   * adaptive runs started two workers at once, whose executors registered too late to join
   * (revision 7's driver counted none 9.6 s after the grant); for them the fit keeps the cores, and
   * their first batch after pays the warm-up.
   */
  @Test
  void newWorkersJoiningTheRunningBatchColdIsWhatTheClassicRunsMissedWithout() throws Exception {
    for (String name : List.of("classic", "classic-b", "classic-c")) {
      SimulatorCheck.Observations o = SimulatorCheck.observe(recorded(name));
      SimulatorCheck.Measured joining = SimulatorCheck.fit(o);
      assertThat(joining.joinsFitted()).as(name).isPositive();
      assertThat(joining.coldTaskSeconds()).as(name).isBetween(4.0, 20.0);
      SimulatorCheck.Result r = check(name, joining, "-own");
      assertThat(SimulatorCheck.missedTargets(r.real(), r.simulated())).as(name).isEmpty();
      SimulatorCheck.Measured keeping = SimulatorCheck.fit(o, false);
      assertThat(keeping.joinsFitted()).isZero();
      SimulatorCheck.Result kept = check(name, keeping, "-keeping-cores");
      System.out.println(kept.table());
      List<String> missed = SimulatorCheck.missedTargets(kept.real(), kept.simulated());
      if (name.equals("classic-b")) {
        // its step's batches took about what the cores they started with give: met either way
        assertThat(missed).as(name).isEmpty();
      } else {
        assertThat(missed).as(name).singleElement().asString().startsWith("p99 freshness");
      }
    }
    for (String name : List.of("adaptive", "adaptive-r7")) {
      assertThat(SimulatorCheck.fit(SimulatorCheck.observe(recorded(name))).joinsFitted())
          .as(name + ": two workers started at once joined no running batch")
          .isZero();
    }
  }

  /**
   * A killed run's outage as the check takes it: from the kill to the first batch of the new query
   * run, which took what it did beyond the run's own fit on the cores granted when it started (the
   * figures docs/scaling.md gives); a run without a kill has none.
   */
  @Test
  void aKilledRunsOutageIsTakenFromTheRun() throws Exception {
    // {run, seconds into the trace of the kill, of the new run's first batch, that batch's extra}
    for (Object[] expected :
        new Object[][] {
          {"adaptive-killed", 75.417, 99.307, 18.3}, {"adaptive-r8-killed", 75.591, 108.948, 28.9}
        }) {
      String name = (String) expected[0];
      Simulator.DriverOutage o = SimulatorCheck.outage(recorded(name), check(name, null).model());
      assertThat(o).as(name).isNotNull();
      assertThat(o.fromSeconds()).as(name).isCloseTo((double) expected[1], within(0.001));
      assertThat(o.untilSeconds()).as(name).isCloseTo((double) expected[2], within(0.001));
      // 26.5 s and 36.4 s for 300 records on five cores, against 8.2 s and 7.5 s on the fit
      assertThat(o.firstBatchExtraSeconds()).as(name).isCloseTo((double) expected[3], within(0.05));
    }
    assertThat(SimulatorCheck.outage(recorded("adaptive-r7"), check("adaptive-r7", null).model()))
        .isNull();
  }

  /**
   * Each recorded run predicted by one model fitted on the batches of the other seven (leave one
   * out; the killed runs with their drivers down as long as they were), the honest form of "one
   * fitted model predicts another run" (docs/scaling.md, "The simulator against the real run"). The
   * rates and overheads carry over; so do the join (new workers join a running batch 6-8.5 s after
   * their cores are granted, their first task 9-13 s longer) and the warm-up of two workers started
   * together (21-23 s), except where one run's start differs from the others'. What each run misses
   * is asserted below, with why.
   */
  @Test
  void eachRunPredictedByAModelFittedOnTheOthers() throws Exception {
    List<String> all = recordedRuns();
    java.util.Map<String, List<String>> missed = new java.util.LinkedHashMap<>();
    for (String target : all) {
      SimulatorCheck.Measured fitted =
          SimulatorCheck.fit(pooled(all.stream().filter(other -> !other.equals(target)).toList()));
      assertThat(fitted.joinsFitted())
          .as("the pooled runs' batches new workers joined")
          .isPositive();
      SimulatorCheck.Result r = check(target, fitted);
      System.out.println(r.table());
      missed.put(target, SimulatorCheck.missedTargets(r.real(), r.simulated()));
    }
    System.out.println("targets missed, each run on a model fitted on the others: " + missed);
    for (String met :
        List.of("classic", "classic-c", "adaptive-r8-killed", "adaptive-r11-killed")) {
      assertThat(missed.get(met)).as(met).isEmpty();
    }
    // revision 5 with its driver killed misses only the workers, as on its own fit: the real loop
    // released late after the step and took a scale-up back on the batch across the scale-down
    // (revision 5's flap, which revisions 7 and 8 stopped); the model has no such batch
    assertThat(missed.get("adaptive-killed"))
        .singleElement()
        .asString()
        .startsWith("workers within");
    // classic (b)'s step batches took about what their cores give (its own fit: a 5 s cold task);
    // the others' 11-12 s make its simulated step lag longer: the p99 only (43 s real, 56 s)
    assertThat(missed.get("classic-b")).singleElement().asString().startsWith("p99 freshness");
    // the first adaptive run and revision 7's started two workers at once; on the pooled join
    // delay (fitted on the classic runs' single starts) they join the step's running batch and are
    // warm after, where the real ones paid about 20 s on the batch after (revision 7's had not
    // registered 9.6 s after the grant): one join delay does not describe one worker starting and
    // two starting on the same two CPUs
    assertThat(missed.get("adaptive"))
        .hasSize(2)
        .anyMatch(t -> t.startsWith("p99 freshness"))
        .anyMatch(t -> t.startsWith("workers within"));
    assertThat(missed.get("adaptive-r7")).singleElement().asString().startsWith("p99 freshness");
  }

  /**
   * Runs recorded after the join was built, each predicted by one model fitted on the eight runs
   * above, which never saw them: classic (d) (one {@code ClosedLoopSparkIT} classic run of
   * 2026-12-07 on revision 11's code) and classic (e) (the project's CI run of the same test on the
   * join's commit, whose check could not fit it: its steady batches came in three sizes on one core
   * and one on five, too few to tell the four terms apart, and the fit gave up instead of dropping
   * one). Both meet every target on the eight's model (p99 44 s real and 53 s simulated; 51 s and
   * 53 s; no SLO minute either side, workers within ±1 in every minute) and on their own fit (55 s,
   * at the 25 % limit; 63 s), where keeping a batch on its cores misses on their own fit (the SLO
   * minutes and the p99: 3 against 0 and 74 s; 2 against 0 and 74 s) and, for classic (d), on the
   * eight's (the p99, 63 s; classic (e)'s 63 s is within 25 % of its 51). The figures are the
   * test's output; the targets are asserted.
   */
  @ParameterizedTest
  @MethodSource("runsRecordedAfter")
  void aRunRecordedAfterTheJoinIsPredictedByTheModelOfTheRunsBefore(String name) throws Exception {
    assertThat(recordedRuns()).as("kept out of the pool that predicts it").doesNotContain(name);
    SimulatorCheck.Observations before = pooled(recordedRuns());
    SimulatorCheck.Measured pooled = SimulatorCheck.fit(before);
    assertThat(pooled.joinsFitted())
        .as("the pool joins new workers to running batches")
        .isPositive();
    SimulatorCheck.Result predicted = check(name, pooled, "-predicted");
    System.out.println(predicted.table());
    assertThat(SimulatorCheck.missedTargets(predicted.real(), predicted.simulated())).isEmpty();
    SimulatorCheck.Result kept =
        check(name, SimulatorCheck.fit(before, false), "-predicted-keeping-cores");
    List<String> keptMissed = SimulatorCheck.missedTargets(kept.real(), kept.simulated());
    if (name.equals("classic-d")) {
      assertThat(keptMissed).singleElement().asString().startsWith("p99 freshness");
    } else {
      // classic (e)'s p99 is 63 s on the eight's model keeping the cores, 51 s real: within 25 %
      assertThat(keptMissed).isEmpty();
    }

    SimulatorCheck.Observations own = SimulatorCheck.observe(recorded(name));
    SimulatorCheck.Result fitted = check(name, null);
    System.out.println(fitted.table());
    assertThat(SimulatorCheck.missedTargets(fitted.real(), fitted.simulated())).isEmpty();
    assertThat(fitted.measured().joinsFitted()).isPositive();
    SimulatorCheck.Result ownKept = check(name, SimulatorCheck.fit(own, false), "-keeping-cores");
    assertThat(SimulatorCheck.missedTargets(ownKept.real(), ownKept.simulated()))
        .hasSize(2)
        .anyMatch(t -> t.startsWith("p99 freshness"))
        .anyMatch(t -> t.startsWith("SLO minutes"));
  }

  /** The runs recorded after the join was built, kept out of {@link #recordedRuns}. */
  static List<String> runsRecordedAfter() {
    return List.of("classic-d", "classic-e");
  }

  /**
   * The eight runs in the test resources' {@code closed-loop/} the join was designed on, by name;
   * those recorded after ({@link #runsRecordedAfter}) are kept out: {@link
   * #aRunRecordedAfterTheJoinIsPredictedByTheModelOfTheRunsBefore} predicts them from these.
   */
  static List<String> recordedRuns() {
    return List.of(
        "classic",
        "classic-b",
        "classic-c",
        "adaptive",
        "adaptive-killed",
        "adaptive-r7",
        "adaptive-r8-killed",
        "adaptive-r11-killed");
  }

  /** The observations of {@code runs} together, fitted as one run ({@link SimulatorCheck#fit}). */
  private static SimulatorCheck.Observations pooled(List<String> runs) throws Exception {
    SimulatorCheck.Observations all = null;
    for (String run : runs) {
      SimulatorCheck.Observations o = SimulatorCheck.observe(recorded(run));
      all = all == null ? o : all.and(o);
    }
    return all;
  }

  private static SimulatorCheck.Recorded recorded(String name) throws Exception {
    return SimulatorCheck.Recorded.read(
        Files.readAllLines(
            Path.of(
                SimulatorCheckTest.class.getResource("/closed-loop/" + name + ".run").toURI())));
  }

  private static SimulatorCheck.Result check(String name, SimulatorCheck.Measured given)
      throws Exception {
    return check(name, given, given == null ? "" : "-fitted-on-others");
  }

  /**
   * {@code name}'s recorded run checked, its tables written under a directory named for the run and
   * how it was fitted ({@code suffix}).
   */
  private static SimulatorCheck.Result check(
      String name, SimulatorCheck.Measured given, String suffix) throws Exception {
    SimulatorCheck.Recorded run = recorded(name);
    ScalingConfig scaling =
        Jackson.newObjectMapper(new YAMLFactory())
            .readValue(run.scaling(), ScalingSettings.class)
            .toConfig();
    return SimulatorCheck.check(
        scaling, run, Path.of("target", "closed-loop-recorded", name + suffix), given);
  }
}
