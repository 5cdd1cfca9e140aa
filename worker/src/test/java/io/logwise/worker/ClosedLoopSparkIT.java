package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.sim.Trace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scaling loop closed on a real pipeline: a step in the generator's rate, the loop scaling the
 * tenant's local Spark workers up, the new workers taking tasks, the batches' duration and the lag
 * coming down, and the loop scaling down after the step — asserted on what the master, the job's
 * batches and the decisions table say. The adaptive run also kills the driver during its scale-up:
 * one driver is resubmitted and every record is in the Parquet once (counted by Spark, {@code
 * CountRecords}); without a kill, the listener's reports add up to every record too.
 *
 * <p>The job sleeps 50 ms per record (20 records/s per executor core, about 15 with a batch's
 * overhead of ~3 s) and a batch takes at most 1,000 records (as the production job bounds its
 * batches, so that an overloaded job still reports batches); two services of five partitions each;
 * a worker has 2 cores and the first also runs the driver, so 1, 2 and 3 workers give 1, 3 and 5
 * executor cores. The low rate (10/s) runs on one worker; the step (30/s) outruns one, and its
 * backlog is drained with three while the step lasts; after it 5/s, which fewer workers carry
 * whatever the per-core rate the loop measures on this machine ({@link #AFTER_RATE}).
 */
@Tag("spark")
class ClosedLoopSparkIT {

  private static final long MICROS_PER_RECORD = 50_000;
  private static final long MAX_PER_BATCH = 1000;
  private static final String LOCAL = "{cores: 2, memory: 1g, max: 3, initial: 1}";
  private static final List<String> SERVICES = List.of("checkout", "payments");

  /** Real time: a trace minute is a minute, and its rate the records per second sent. */
  private static final double SPEED = 1;

  private static final long TRACE_MINUTE_MILLIS = 60_000;

  /**
   * The rate after the step, below the first minute's 10/s. The loop's model gives a worker 2 cores
   * and reserves a trigger's batch overhead (0.8 times the per-core rate a worker), and the
   * per-core rate it measures here varies between runs and machines: 7-9 records/s in the runs
   * recorded up to revision 8, 12-15 in two revision-11 runs, 6-10 in three more (one with a CPU
   * hog beside it, two clean-clone CI runs). Below about 7.4/s it asks for all three workers at
   * 10/s (a target of 11.8/s at the 85 % utilisation), so after a step back to 10/s whether it came
   * down was up to the machine's speed; the CI run of c85603d saw no scale-down in the seven
   * minutes after the step (its decisions were not kept: this is the likely cause, not a seen one).
   * At 5/s, with no backlog, the model has two workers enough from about 3.7 records/s per core and
   * one from about 7.4. Which rule releases then depends on the rate too: the scale-down window
   * (3→2) below about 7.4/s, the release of a fleet twice what is needed (3→1) above it.
   */
  private static final int AFTER_RATE = 5;

  /** A minute low, four at the step. */
  private static final Trace STEP = trace(1, 4);

  /** 60 records at once (a trace minute in a second): the query's first batch reads them. */
  private static final Trace PRIME =
      Trace.parse("prime", List.of("minute,records_per_second", "0,1"));

  /**
   * A minute after the step, at {@value #AFTER_RATE} records/s: played until the loop has scaled
   * down.
   */
  private static final Trace AFTER = trace(0, 0, 1);

  @Test
  void classicScalesRealWorkersUpForAStepAndDownAfterIt() throws Exception {
    run(
        "classic",
        "{policy: classic, coresPerWorker: 2, minWorkers: 1, maxWorkers: 3,"
            + " perCoreRecordsPerBatch: 150, historySize: 3, minDownscaleStep: 1}",
        false);
  }

  /**
   * Adaptive, with the driver killed right after its first scale-up; {@code
   * -Dlogwise.closedloop.kill=false} runs it without the kill (the simulator check then has no
   * driver outage to take from the run).
   */
  @Test
  void adaptiveDoesTooAndADriverKilledDuringItsScaleUpLosesNothing() throws Exception {
    run(
        "adaptive",
        "{policy: adaptive, coresPerWorker: 2, minWorkers: 1, maxWorkers: 3, adaptive:"
            + " {triggerInterval: 5s, batchOverhead: 3s, bootDelay: 20s, catchUp: 60s,"
            + " scaleDownWindow: 45s, stabilization: 20s, rateWindowBatches: 4}}",
        Boolean.parseBoolean(System.getProperty("logwise.closedloop.kill", "true")));
  }

  private static void run(String policy, String scaling, boolean killDriverDuringScaleUp)
      throws Exception {
    try (PipelineBox box =
            new PipelineBox("loop-" + policy, scaling, MICROS_PER_RECORD, MAX_PER_BATCH, LOCAL);
        LogGenerator generator = new LogGenerator(box.kafka.bootstrapServers())) {
      generator.createTopics(SERVICES, 5);
      PipelineBox.Master first =
          awaitMaster(
              box, m -> m.appCores() >= 1 && m.activeDrivers().size() == 1, Duration.ofMinutes(4));
      // the query's first batch (its JVMs' warm-up, 26-60 s) runs on a few records before the
      // trace, as a production job's did long before any step
      long primed =
          generator.play(new LogGenerator.Plan(PRIME, 0, 1, 60, 1, SERVICES), m -> {}).total();
      awaitFirstBatch(box, Duration.ofMinutes(3));
      List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = sampler(box, samples, sampling);

      long playStart = System.currentTimeMillis();
      long stepStart = playStart + TRACE_MINUTE_MILLIS;
      long stepEnd = playStart + 5 * TRACE_MINUTE_MILLIS;
      CompletableFuture<LogGenerator.Counts> step =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return generator.play(
                      new LogGenerator.Plan(STEP, 0, 5, SPEED, 1, SERVICES), m -> {});
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });

      String killed = null;
      long killedAt = 0;
      if (killDriverDuringScaleUp) {
        awaitActed(box, "UPSCALE", Duration.ofMinutes(4));
        killed = box.master().activeDrivers().get(0);
        List<PipelineBox.Batch> before = box.batches();
        String killedRun = BatchSample.runOf(before.get(before.size() - 1).id());
        killedAt = System.currentTimeMillis();
        box.killDriver(killed);
        warmUpLeftTheScaleUpUnjudged(box, killedRun);
      }
      long total = primed + step.join().total();

      // the step is over: low again until the loop has scaled down (at most 10 more minutes; the
      // runs so far came down 1-2 minutes after the step, and a slow machine's restart and drain
      // take longer, a minute played each time the scale-down has not been seen)
      int lowMinutes = 0;
      for (int m = 0; m < 10 && !scaledDownAfter(box, samples, stepEnd); m++) {
        lowMinutes++;
        total +=
            generator.play(new LogGenerator.Plan(AFTER, 0, 1, SPEED, 1, SERVICES), x -> {}).total();
      }
      if (policy.equals("adaptive")) {
        // and one more minute, watched for a scale-up: the driver lists a stopped worker's executor
        // for about 30 s after the scale-down, and revision 7 went back up 17 s after it
        lowMinutes++;
        total +=
            generator.play(new LogGenerator.Plan(AFTER, 0, 1, SPEED, 1, SERVICES), x -> {}).total();
      }
      if (!scaledDownAfter(box, samples, stepEnd)) {
        // said here too: an assertion before the scale-down's (the drain, the grant) may fail first
        System.out.println("no scale-down seen after the step" + whyNotDown(box, stepEnd));
      }
      long generatorEnd = System.currentTimeMillis();
      sampling.set(false);
      sampler.join();
      awaitDrained(box, generatorEnd, Duration.ofMinutes(4));

      // the simulator on the same trace, with the model measured from this run (figures only)
      // what the loop acted on, read once: recorded, and asserted on below
      List<PipelineBox.Acted> acted = box.acted();
      // recorded, so that the check can run again on it without Spark (SimulatorCheckTest)
      SimulatorCheck.Recorded recorded =
          new SimulatorCheck.Recorded(
              policy,
              // a loop started by this build decides with its latest rules
              io.logwise.policy.scaling.AdaptiveScalingPolicy.latestRevision(),
              scaling,
              MODEL,
              rates(trace(1, 4, lowMinutes)),
              playStart,
              1,
              killedAt,
              box.batches().stream()
                  .map(
                      b ->
                          new SimulatorCheck.Batch(
                              b.id(),
                              b.submittedMillis(),
                              b.durationMillis(),
                              b.records(),
                              b.cores()))
                  .toList(),
              acted.stream().map(a -> new SimulatorCheck.Change(a.atMillis(), a.to())).toList(),
              granted(samples),
              box.decisions());
      Path out = Path.of("target", "closed-loop");
      recorded.write(out.resolve(policy + (killDriverDuringScaleUp ? "-killed" : "") + ".run"));
      try {
        SimulatorCheck.Result check = SimulatorCheck.check(box.scaling(), recorded, out);
        System.out.println(check.table());
      } catch (IllegalStateException e) {
        // the check measures the run, it does not judge the loop: a run it cannot fit is recorded
        // (above) for SimulatorCheckTest, and the loop's assertions below still hold
        System.out.println("simulator check: could not fit this run: " + e.getMessage());
      }

      // the listener reports the cores the master granted (not Spark's default parallelism, which
      // says 2 on one core): every batch that ran while the grant stood still, from 20 s before it
      // (a granted executor registers with the driver a little later) to 5 s after,
      // before the first scale-down (the driver counts a stopped worker's executors for a while
      // after the master has dropped them: docs/scaling.md)
      long firstDown =
          acted.stream()
              .filter(a -> a.action().equals("DOWNSCALE"))
              .mapToLong(PipelineBox.Acted::atMillis)
              .min()
              .orElse(Long.MAX_VALUE);
      List<SimulatorCheck.Batch> steady =
          recorded.batches().stream()
              .filter(
                  b ->
                      b.cores() != null
                          && b.submittedMillis() + b.durationMillis() < firstDown
                          && SimulatorCheck.grantedThroughout(
                                  recorded.grants(),
                                  b.submittedMillis() - 20_000,
                                  b.submittedMillis() + b.durationMillis() + 5_000)
                              != null)
              .toList();
      assertThat(steady).as("batches on a steady grant").hasSizeGreaterThan(5);
      assertThat(steady)
          .as("the listener's cores are the master's grant")
          .allMatch(
              b ->
                  b.cores()
                      .equals(
                          SimulatorCheck.grantedThroughout(
                              recorded.grants(),
                              b.submittedMillis(),
                              b.submittedMillis() + b.durationMillis())));

      // up: the loop acted, the master lists the new workers, the job was given their cores
      if (policy.equals("classic")) {
        assertThat(acted)
            .as("an acted scale-up during the step")
            .anyMatch(
                a ->
                    a.action().equals("UPSCALE")
                        && a.atMillis() >= stepStart
                        && a.atMillis() <= stepEnd);
        assertThat(acted)
            .as("no scale-up before the step")
            .noneMatch(
                a ->
                    a.action().equals("UPSCALE")
                        && a.atMillis() >= playStart
                        && a.atMillis() < stepStart);
      } else {
        // adaptive asked for 3 workers before the step while the listener reported one core as two
        // (docs/scaling.md); with that fixed it scaled up during the step in the runs so far, but
        // only "by the step's end" is asserted until more runs show the stricter form holds
        assertThat(acted)
            .as("an acted scale-up by the step's end")
            .anyMatch(a -> a.action().equals("UPSCALE") && a.atMillis() <= stepEnd);
      }
      int peak = peakWorkers(samples);
      assertThat(peak).as("the master listed the new workers").isGreaterThanOrEqualTo(2);
      assertThat(samples.stream().mapToInt(x -> x.master().appCores()).max().orElse(0))
          .as("the new workers took tasks: the job was given their cores")
          .isGreaterThan(first.appCores());

      // the step's backlog and long batches came down while the step lasted. Classic only: it meets
      // the step with one worker. Adaptive meets it with three (above), which carry it; and with
      // the driver killed, the restart (about two minutes) is an outage the step does not outlast
      if (policy.equals("classic")) {
        List<PipelineBox.Batch> batches = box.batches();
        List<PipelineBox.Batch> during =
            batches.stream()
                .filter(b -> b.submittedMillis() >= stepStart && b.submittedMillis() <= stepEnd)
                .toList();
        // the peaks the first scale-up met: looked for in the step's first half, so that a later
        // one (classic flaps: its scale-downs in the step bring long batches back, one of which
        // can be the step's last) still leaves batches after it to compare
        List<PipelineBox.Batch> firstHalf =
            during.stream()
                .filter(b -> b.submittedMillis() <= stepStart + (stepEnd - stepStart) / 2)
                .toList();
        PipelineBox.Batch mostLag =
            firstHalf.stream()
                .filter(b -> b.lag() != null)
                .max(java.util.Comparator.comparingLong(PipelineBox.Batch::lag))
                .orElseThrow();
        assertThat(mostLag.lag())
            .as("the step outran one worker: a backlog built")
            .isGreaterThan(250);
        assertThat(
                during.stream()
                    .filter(b -> b.submittedMillis() > mostLag.submittedMillis() && b.lag() != null)
                    .mapToLong(PipelineBox.Batch::lag)
                    .min()
                    .orElse(Long.MAX_VALUE))
            .as("the lag came down after the scale-up, at the step's rate (peak %d)", mostLag.lag())
            .isLessThan(mostLag.lag() / 2);
        PipelineBox.Batch longest =
            firstHalf.stream()
                .max(java.util.Comparator.comparingLong(PipelineBox.Batch::durationMillis))
                .orElseThrow();
        assertThat(
                during.stream()
                    .filter(b -> b.submittedMillis() > longest.submittedMillis())
                    .mapToLong(PipelineBox.Batch::durationMillis)
                    .min()
                    .orElse(Long.MAX_VALUE))
            .as("batches got shorter again (longest %d ms)", longest.durationMillis())
            .isLessThan(longest.durationMillis() / 2);
      }

      // down after the step's peak (the step's last scale-up; classic has come down to one worker
      // in the step's last minute): the loop acted and the master listed fewer workers
      long down = downAfterPeak(acted, stepEnd);
      assertThat(down)
          .as(
              "an acted scale-down after the step's last scale-up%s",
              down > 0 ? "" : whyNotDown(box, stepEnd))
          .isPositive();
      assertThat(samples)
          .as("after that the master listed fewer workers than at the peak (%d)", peak)
          .anyMatch(x -> x.atMillis() > down && x.master().aliveWorkers() < peak);
      if (policy.equals("adaptive")) {
        // revision 7 went straight back up to 3 on a batch the listener reported on a stopped
        // worker's executor, and down again (docs/scaling.md, revision 8): the load stays low
        assertThat(acted)
            .as("no scale-up after the scale-down that followed the step")
            .noneMatch(a -> a.action().equals("UPSCALE") && a.atMillis() > down);
      }
      // the loop read the job's grant from the master by its application name: every batch it
      // took in is stamped with it, the last with the grant the master lists now
      List<io.logwise.policy.scaling.BatchSample> window = box.loopState().window();
      assertThat(window).isNotEmpty();
      assertThat(window)
          .as("each batch taken in with the master's grant")
          .allMatch(b -> b.grantedCores() != null);
      assertThat(window.get(window.size() - 1).grantedCores())
          .as("the newest with the grant the master lists")
          .isEqualTo(box.master().appCores());

      // one driver, and every record the generator produced is in the Parquet once
      PipelineBox.Master last = box.master();
      assertThat(last.activeDrivers()).hasSize(1);
      if (killed != null) {
        assertThat(last.activeDrivers()).as("resubmitted").doesNotContain(killed);
        assertThat(box.reasonsAfter(killedAt))
            .as("the new run's first batch measured nothing")
            .anyMatch(r -> r.contains("the first of its run"));
        // the cap at the end is the box's, not the restart's (docs/scaling.md, "Closed-loop
        // tests"): printed with when it was judged
        io.logwise.policy.scaling.AdaptiveMemory memory = box.loopMemory();
        System.out.printf(
            "adaptive loop memory at the end: %s; driver killed %.0f s into the trace%s%n",
            memory,
            (killedAt - playStart) / 1000.0,
            memory.ineffectiveCap() == null
                ? ""
                : String.format(
                    java.util.Locale.ROOT,
                    "; an upscale was judged ineffective %.0f s into the trace",
                    (memory.ineffectiveUntilMillis() - 3_600_000L - playStart) / 1000.0));
      }
      Map<String, Long> written = box.countWritten();
      assertThat(written.get("distinct")).as("no record lost").isEqualTo(total);
      assertThat(written.get("records")).as("none written twice").isEqualTo(total);
      if (killed == null) {
        // reports go out in order: the drained batch's is the last, so every one is in by now
        assertThat(box.reportedRecords())
            .as("the listener reported every batch once")
            .isEqualTo(total);
      }
    }
  }

  /**
   * The issue's "the loop does not count the restart as an ineffective scale-up", on the loop's own
   * state: right after the loop evaluated the new run's first batch (the restart's warm-up), the
   * scale-up acted before the kill is still waiting for its judgement — the warm-up neither judged
   * it nor capped anything (revision 4 judged it on that batch). Decisions on the killed run's
   * batches (one may end while the kill is under way) do not count. The state is polled every 250
   * ms, a failed query tried again; the new run's next batch ends seconds later, so the snapshot
   * between the two is not missed.
   */
  private static void warmUpLeftTheScaleUpUnjudged(PipelineBox box, String killedRun)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(4).toMillis();
    while (System.currentTimeMillis() < deadline) {
      io.logwise.workflows.scaling.ScalingLoopState state;
      try {
        state = box.loopState();
      } catch (RuntimeException e) {
        Thread.sleep(250); // a query that timed out on a busy machine: ask again
        continue;
      }
      List<io.logwise.workflows.scaling.DecisionRecord> newRun =
          state.decisions().stream()
              .filter(
                  d ->
                      d.batchId() != null
                          // a look between reports (revision 10) decides on no batch of any run
                          && !d.batchId().startsWith("overdue@")
                          && !java.util.Objects.equals(BatchSample.runOf(d.batchId()), killedRun))
              .toList();
      if (!newRun.isEmpty()) {
        assertThat(newRun.get(0).reason())
            .as("the loop's first decision on the new run is on its warm-up")
            .contains("the first of its run");
        assertThat(newRun)
            .as("caught right after that decision, before the next batch's")
            .hasSize(1);
        io.logwise.policy.scaling.AdaptiveMemory memory = state.adaptive();
        assertThat(memory.lastUpscale())
            .as("the scale-up acted before the kill waits for a batch past the warm-up")
            .isNotNull()
            .matches(u -> u.to() > u.from());
        assertThat(memory.ineffectiveCap()).as("no cap from the restart").isNull();
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no decision on the new run within 4 minutes of the driver kill");
  }

  private static int[] rates(Trace trace) {
    int[] r = new int[trace.minutes()];
    for (int m = 0; m < r.length; m++) {
      r[m] = trace.rateAt(m);
    }
    return r;
  }

  /** Low minutes at 10 records/s, then step minutes at 30. */
  private static Trace trace(int low, int step) {
    return trace(low, step, 0);
  }

  /** Low minutes at 10 records/s, step minutes at 30, then {@code after} at {@link #AFTER_RATE}. */
  private static Trace trace(int low, int step, int after) {
    List<String> lines = new ArrayList<>(List.of("minute,records_per_second"));
    for (int m = 0; m < low + step + after; m++) {
      lines.add(m + "," + (m < low ? 10 : m < low + step ? 30 : AFTER_RATE));
    }
    return Trace.parse("step", lines);
  }

  /**
   * The box as the simulator models it: a 5 s trigger, 2-core workers of which the first also runs
   * the driver (1 core), at most 1,000 records a batch, 10 partitions, 1 to 3 workers, a 60 s SLO
   * counted from the first minute. The per-core rate, overhead and boot delay are measured.
   */
  private static final io.logwise.policy.sim.SimConfig MODEL =
      io.logwise.policy.sim.SimConfig.DEFAULTS.with(
          "triggerSeconds=5,batchOverheadSeconds=3,coresPerWorker=2,driverCores=1,"
              + "maxOffsetsPerTrigger="
              + MAX_PER_BATCH
              + ",partitions=10,compactInterval=0,sloSeconds=60,warmupMinutes=0,minWorkers=1,"
              + "maxWorkers=3");

  /** The executor cores the master had granted the job, sample by sample. */
  private static List<SimulatorCheck.Granted> granted(List<Sample> samples) {
    synchronized (samples) {
      return samples.stream()
          .map(x -> new SimulatorCheck.Granted(x.atMillis(), x.master().appCores()))
          .toList();
    }
  }

  /** What the master said, when. */
  private record Sample(long atMillis, PipelineBox.Master master) {}

  private static int peakWorkers(List<Sample> samples) {
    synchronized (samples) {
      return samples.stream().mapToInt(x -> x.master().aliveWorkers()).max().orElse(0);
    }
  }

  /**
   * Whether the loop scaled down after the step and the master then listed fewer workers than at
   * the peak (classic may add them again: a scale-down's lost executors lengthen the next batch).
   */
  private static boolean scaledDownAfter(PipelineBox box, List<Sample> samples, long stepEnd)
      throws Exception {
    int peak = peakWorkers(samples);
    boolean fewer;
    synchronized (samples) {
      fewer =
          samples.stream()
              .anyMatch(x -> x.atMillis() > stepEnd && x.master().aliveWorkers() < peak);
    }
    long down = downAfterPeak(box.acted(), stepEnd);
    return down > 0 && fewer;
  }

  /**
   * When the loop first acted a scale-down after the step's peak — its last scale-up by the step's
   * end — or 0 when it has not (or never scaled up).
   */
  private static long downAfterPeak(List<PipelineBox.Acted> acted, long stepEnd) {
    long lastUp =
        acted.stream()
            .filter(a -> a.action().equals("UPSCALE") && a.atMillis() <= stepEnd)
            .mapToLong(PipelineBox.Acted::atMillis)
            .max()
            .orElse(Long.MAX_VALUE);
    return acted.stream()
        .filter(a -> a.action().equals("DOWNSCALE") && a.atMillis() > lastUp)
        .mapToLong(PipelineBox.Acted::atMillis)
        .min()
        .orElse(0);
  }

  /**
   * The loop's memory and its decisions from {@code fromMillis}, one a line with their time from
   * then: what a failed assertion on the scale-down prints, so that a run in CI says which rule
   * held.
   */
  private static String whyNotDown(PipelineBox box, long fromMillis) {
    String memory;
    try {
      memory = String.valueOf(box.loopMemory());
    } catch (RuntimeException e) {
      memory = "(not read: " + e.getMessage() + ")";
    }
    String decisions;
    try {
      decisions = decisionsFrom(box, fromMillis);
    } catch (Exception e) {
      decisions = "(not read: " + e.getMessage() + ")";
    }
    return "; the loop's memory "
        + memory
        + " and its decisions from the step's end:\n"
        + decisions;
  }

  private static String decisionsFrom(PipelineBox box, long fromMillis) throws Exception {
    return box.decisions().stream()
        .filter(d -> d.atMillis() >= fromMillis)
        .map(
            d ->
                String.format(
                    java.util.Locale.ROOT,
                    "%+7.1fs %s %d->%d %s",
                    (d.atMillis() - fromMillis) / 1000.0,
                    d.action(),
                    d.from(),
                    d.to(),
                    d.reason()))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Samples the master every 2 s while {@code on}: the record of what it listed. */
  private static Thread sampler(PipelineBox box, List<Sample> samples, AtomicBoolean on) {
    Thread t =
        new Thread(
            () -> {
              while (on.get()) {
                try {
                  samples.add(new Sample(System.currentTimeMillis(), box.master()));
                  Thread.sleep(2_000);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception masterBusy) {
                  // a sample missed; the next one counts
                }
              }
            },
            "master-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static PipelineBox.Master awaitMaster(
      PipelineBox box, Predicate<PipelineBox.Master> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    PipelineBox.Master last = null;
    while (System.nanoTime() < deadline) {
      last = box.master();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("master not as awaited in " + timeout + ": " + last);
  }

  private static void awaitFirstBatch(PipelineBox box, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (box.batches().stream().noneMatch(b -> b.records() > 0)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the query's first batch was not reported in " + timeout);
      }
      Thread.sleep(1_000);
    }
  }

  private static void awaitActed(PipelineBox box, String action, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (box.acted().stream().noneMatch(a -> a.action().equals(action))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no acted " + action + " in " + timeout + ": " + box.acted());
      }
      Thread.sleep(1_000);
    }
  }

  /**
   * Waits for a batch that ended after the generator did with no lag left: the job has read
   * everything (a report lost with a killed driver does not matter here, unlike counting them).
   */
  private static void awaitDrained(PipelineBox box, long generatorEnd, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (box.batches().stream()
        .noneMatch(
            b ->
                b.lag() != null
                    && b.lag() == 0
                    && b.submittedMillis() + b.durationMillis() >= generatorEnd - 2_000)) {
      if (System.nanoTime() > deadline) {
        List<PipelineBox.Batch> all = box.batches();
        throw new AssertionError(
            "the job did not drain in "
                + timeout
                + ": last batches "
                + all.subList(Math.max(0, all.size() - 3), all.size()));
      }
      Thread.sleep(1_000);
    }
  }
}
