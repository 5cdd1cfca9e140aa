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
   * simulator, fitted to each, reproduces the adaptive runs of revisions 5, 7 and 8 (the last with
   * its driver killed) and classic (b) within the targets; what the others miss is asserted
   * with why (docs/scaling.md, "The simulator against the real run").
   */
  @ParameterizedTest
  @MethodSource("recordedRuns")
  void theSimulatorAgainstARecordedRealRun(String name) throws Exception {
    SimulatorCheck.Result r = check(name, null);
    System.out.println(r.table());
    List<String> missed = SimulatorCheck.missedTargets(r.real(), r.simulated());
    if (name.equals("adaptive")
        || name.equals("classic-b")
        || name.equals("adaptive-r7")
        || name.equals("adaptive-r8-killed")
        || name.equals("adaptive-r11-killed")) {
      // revision 8 with its driver killed during the scale-up: recorded after the model took
      // outages from the run, and met (p99 90 s and 87 s, SLO minutes 2 and 2); revision 11's,
      // met once the simulated driver dies after the simulated scale-up as the real one did after
      // the real (SimulatorCheck.atTheSimulatedScaleUp: at the real kill's time, 128 s and 89 s)
      assertThat(missed).as("the issue's targets, on a run the model can describe").isEmpty();
    } else if (name.equals("classic-c")) {
      // the batches across its step's scale-up took 10-13 s beyond the fit (new executors' JVMs
      // starting on the same two CPUs), which the model has no cost for: the p99 is 59 s real and
      // 28 s simulated; the SLO minutes (1 and 0) and the workers agree
      assertThat(missed).singleElement().asString().startsWith("p99 freshness");
    } else if (name.equals("classic")) {
      // its simulated p99 (34 s) is 26 % below the real one (46 s), a second outside the band:
      // held to where it is (docs/scaling.md, "The simulator against the real run")
      assertThat(missed).isNotEmpty().allMatch(m -> m.startsWith("p99 freshness"));
      assertThat(r.simulated().p99FreshnessSeconds())
          .isCloseTo(r.real().p99FreshnessSeconds(), withinPercentage(30));
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
   * Which model of a batch that new workers join while it runs describes this machine's runs: the
   * batch keeping the cores it started with (the default), or the joining workers taking its tasks
   * not started ({@code joinRunningBatch=1}, as Spark schedules them). On the recordings joining
   * does not fit better: classic's simulated p99 moves further from the real one (27 s against 34
   * s, real 46 s; the new executors' JVMs start on the same two CPUs and slow the batch they join),
   * classic (b) meets the targets either way. The families' figures stay on the default for that
   * reason (docs/scaling.md, "Revision 6").
   */
  @Test
  void theRecordedRunsDoNotFavourJoiningWorkersOverABatchKeepingItsCores() throws Exception {
    SimulatorCheck.Result kept = check("classic", null);
    SimulatorCheck.Result joined = check("classic", null, "joinRunningBatch=1");
    System.out.println(joined.table());
    double real = kept.real().p99FreshnessSeconds();
    assertThat(Math.abs(joined.simulated().p99FreshnessSeconds() - real))
        .as("classic's p99: joining workers against keeping the cores")
        .isGreaterThan(Math.abs(kept.simulated().p99FreshnessSeconds() - real));
    for (String model : List.of("", "joinRunningBatch=1")) {
      SimulatorCheck.Result b = check("classic-b", null, model);
      assertThat(SimulatorCheck.missedTargets(b.real(), b.simulated())).as(model).isEmpty();
    }
  }

  /**
   * Each recorded run predicted by one model fitted on the batches of the other seven (leave one
   * out; the killed runs with their drivers down as long as they were), the honest form of "one
   * fitted model predicts another run" (docs/scaling.md, "The simulator against the real run"). The
   * rates and overheads carry over. The warm-up carries over once it grows with the workers that
   * start together: the adaptive runs started two at once on this machine's two CPUs (their first
   * batch took 20-24 s beyond the fit), most classic runs one at a time; with one warm-up constant
   * every run missed its p99. What each run misses is asserted below, with why.
   */
  @Test
  void eachRunPredictedByAModelFittedOnTheOthers() throws Exception {
    List<String> all = recordedRuns();
    java.util.Map<String, List<String>> missed = new java.util.LinkedHashMap<>();
    for (String target : all) {
      SimulatorCheck.Observations others = null;
      for (String other : all) {
        if (!other.equals(target)) {
          SimulatorCheck.Observations o = SimulatorCheck.observe(recorded(other));
          others = others == null ? o : others.and(o);
        }
      }
      SimulatorCheck.Measured fitted = SimulatorCheck.fit(others);
      SimulatorCheck.Result r = check(target, fitted);
      System.out.println(r.table());
      missed.put(target, SimulatorCheck.missedTargets(r.real(), r.simulated()));
      if (target.startsWith("classic")) {
        // what the classic runs miss is the extra warm-up of two workers simulated classic started
        // together and the real one never did: without it they meet every target
        SimulatorCheck.Result alone = check(target, fitted.withWarmUpPerExtraWorker(0));
        missed.put(
            target + " without the extra",
            SimulatorCheck.missedTargets(alone.real(), alone.simulated()));
      }
    }
    System.out.println("targets missed, each run on a model fitted on the others: " + missed);
    // the adaptive runs on revisions 5, 7, 8 and 11 (the last two killed, their drivers down as
    // long in the model as they were) meet every target; so does classic (c), whose first batches
    // across its step ran slow enough to fit the extra warm-up of two workers started together
    for (String met :
        List.of(
            "adaptive", "adaptive-r7", "adaptive-r8-killed", "adaptive-r11-killed", "classic-c")) {
      assertThat(missed.get(met)).as(met).isEmpty();
    }
    // revision 5 with its driver killed misses only the workers, as on its own fit: the real loop
    // released late after the step and took a scale-up back on the batch across the scale-down
    // (revision 5's flap, which revisions 7 and 8 stopped); the model has no such batch. With
    // seven runs pooled (before revision 11's) it met, and the first adaptive run missed the
    // workers instead: pooled rates near the trigger decide which of them a light batch measures
    assertThat(missed.get("adaptive-killed"))
        .singleElement()
        .asString()
        .startsWith("workers within");
    // the first two classic runs miss the p99 and the workers, and the first its SLO minutes too
    // (2 simulated against 0): simulated classic starts two workers together where the real one
    // did not and pays the extra warm-up for it; without the extra both meet every target, and
    // classic (c), which did pay it, misses its p99 without it
    for (String classic : List.of("classic", "classic-b")) {
      assertThat(missed.get(classic))
          .anyMatch(t -> t.startsWith("p99 freshness"))
          .allMatch(
              t ->
                  t.startsWith("p99 freshness")
                      || t.startsWith("workers within")
                      || t.startsWith("SLO minutes"));
      assertThat(missed.get(classic + " without the extra")).as(classic).isEmpty();
    }
    assertThat(missed.get("classic-b")).noneMatch(t -> t.startsWith("SLO"));
    assertThat(missed.get("classic-c without the extra"))
        .singleElement()
        .asString()
        .startsWith("p99 freshness");
  }

  /** The runs in the test resources' {@code closed-loop/}, by name. */
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

  private static SimulatorCheck.Recorded recorded(String name) throws Exception {
    return SimulatorCheck.Recorded.read(
        Files.readAllLines(
            Path.of(
                SimulatorCheckTest.class.getResource("/closed-loop/" + name + ".run").toURI())));
  }

  private static SimulatorCheck.Result check(String name, SimulatorCheck.Measured given)
      throws Exception {
    return check(name, given, "");
  }

  /** {@code name}'s recorded run checked with {@code model} set on its recorded model. */
  private static SimulatorCheck.Result check(
      String name, SimulatorCheck.Measured given, String model) throws Exception {
    SimulatorCheck.Recorded recorded = recorded(name);
    SimulatorCheck.Recorded run = recorded.withModel(model);
    ScalingConfig scaling =
        Jackson.newObjectMapper(new YAMLFactory())
            .readValue(run.scaling(), ScalingSettings.class)
            .toConfig();
    return SimulatorCheck.check(
        scaling,
        run,
        Path.of(
            "target",
            "closed-loop-recorded",
            name + (given == null ? "" : "-fitted-on-others") + (model.isEmpty() ? "" : "-joined")),
        given);
  }
}
