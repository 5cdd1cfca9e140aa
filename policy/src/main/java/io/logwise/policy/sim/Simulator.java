package io.logwise.policy.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The simulated data plane (docs/scaling.md, "The simulated data plane"): Kafka accumulates what
 * the trace produces; a Spark job runs a micro-batch every trigger interval (back to back when one
 * overruns), each taking everything in Kafka (or {@code maxOffsetsPerTrigger}) and needing the
 * batch overhead plus records / (booted workers × cores × per-core rate); new workers add capacity
 * after the boot delay (to the batches that start after, or with {@code joinRunningBatch} to the
 * running one too), removed ones go at once. After each batch the controller sees what the listener
 * would post and answers the workers it wants. Freshness of a record = time its batch finished
 * minus time it was produced, first in first out. Pure and single-threaded: the same inputs give
 * the same run.
 */
public final class Simulator {

  private Simulator() {}

  /** Runs {@code minutes} of the trace (repeating it) with the controller. */
  public static SimRun run(Trace trace, SimConfig cfg, Controller controller, int minutes) {
    return run(trace, cfg, controller, minutes, List.of());
  }

  /**
   * {@link #run} with the driver down in each of {@code outages}: a real run's driver killed and
   * resubmitted, so that such a run can be compared with the model (docs/scaling.md, "The simulator
   * against the real run").
   */
  public static SimRun run(
      Trace trace, SimConfig cfg, Controller controller, int minutes, List<DriverOutage> outages) {
    return new Run(trace, cfg, controller, minutes, outages).go();
  }

  /**
   * The streaming driver down from {@code fromSeconds} until a new one starts its first batch at
   * {@code untilSeconds} (seconds since the trace started). No batch starts in between; a batch
   * running at {@code fromSeconds} dies with its driver and writes nothing, and the new driver's
   * first batch runs it again with the offsets it had planned (Spark's offset log), not with what
   * Kafka holds by then. That first batch launches executors on every worker and takes {@code
   * firstBatchExtraSeconds} beyond the model, instead of a new worker's warm-up or a scale-down's
   * re-run; it and the batches after it report a new query run, as the listener does, so the policy
   * sees the restart. Outages may not overlap.
   */
  public record DriverOutage(
      double fromSeconds, double untilSeconds, double firstBatchExtraSeconds) {

    public DriverOutage {
      if (!(fromSeconds >= 0 && untilSeconds >= fromSeconds && firstBatchExtraSeconds >= 0)) {
        throw new IllegalArgumentException(
            "a driver outage needs 0 <= from <= until and a non-negative first-batch extra");
      }
    }
  }

  /**
   * One micro-batch of a real run, in seconds since the trace started: when it started and ended,
   * and the records it read.
   */
  public record RealBatch(double startSeconds, double doneSeconds, long records) {}

  /**
   * A real run measured as {@link #run} measures a simulated one: records produced at the trace's
   * rate from second 0 and read first in, first out by {@code batches} (in the order they ended),
   * each written when its batch ended. The fleet is the real one: {@code workersAtMinute} (desired
   * at each minute's end), {@code actions} and {@code workerHours} as measured. Records not read by
   * the last batch count as waiting until it ended.
   */
  public static SimRun replay(
      Trace trace,
      SimConfig cfg,
      String name,
      List<RealBatch> batches,
      int[] workersAtMinute,
      int actions,
      double workerHours) {
    int minutes = workersAtMinute.length;
    Controller real =
        new Controller() {
          @Override
          public String name() {
            return name;
          }

          @Override
          public int afterBatch(Observation o, View view) {
            return o.desiredWorkers();
          }
        };
    Run r = new Run(trace, cfg, real, minutes, List.of());
    List<RealBatch> ended = new ArrayList<>(batches);
    ended.sort(java.util.Comparator.comparingDouble(RealBatch::doneSeconds));
    double last = 0;
    for (RealBatch b : ended) {
      r.produceUntil(b.doneSeconds());
      double available = r.producedBy(b.doneSeconds()) - r.consumed;
      double take = Math.max(0, Math.min(b.records(), available));
      if (take > 0) {
        r.consume(take, b.doneSeconds());
        r.batches++;
      }
      last = Math.max(last, b.doneSeconds());
    }
    r.produceUntil(r.end);
    for (Chunk c : r.kafka) {
      r.account(c.from, c.to, c.count, Math.max(last, r.end));
    }
    System.arraycopy(workersAtMinute, 0, r.desiredAtMinute, 0, minutes);
    r.actions = actions;
    r.workerSeconds = workerHours * 3600;
    return r.result();
  }

  /**
   * The model stepped from outside, one micro-batch at a time, with the fleet set by someone else:
   * the dev sandbox runs it against the real control plane. Thread-safe.
   */
  public static final class Live {
    private final Run run;

    public Live(Trace trace, SimConfig cfg, int minutes) {
      Controller fixed =
          new Controller() {
            @Override
            public String name() {
              return "live";
            }

            @Override
            public int afterBatch(Observation o, View view) {
              return o.desiredWorkers();
            }
          };
      run = new Run(trace, cfg, fixed, minutes, List.of());
      run.start();
    }

    /** The next batch's report, or null when Kafka held nothing; the model's clock moves on. */
    public synchronized Controller.Observation nextBatch() {
      return run.step(until -> {});
    }

    /** Model time in seconds since the start. */
    public synchronized double seconds() {
      return run.t;
    }

    public synchronized void setDesired(int workers) {
      run.setDesired(workers, run.t);
    }

    public synchronized int desired() {
      return run.workers.size();
    }

    public synchronized int alive() {
      return run.alive(run.t);
    }

    /**
     * The executor cores a Spark master would grant the job now: the booted workers', less {@code
     * driverCores}, as {@link #run} stamps each batch for the policy.
     */
    public synchronized int grantedCores() {
      return run.grantedCores(run.t);
    }

    /** Σ of Kafka's latest offsets now: every record produced so far. */
    public synchronized long latestOffsetSum() {
      return (long) run.producedBy(run.t);
    }
  }

  /** A stretch of produced records still in Kafka. */
  private static final class Chunk {
    double from;
    final double to;
    double count;

    Chunk(double from, double to, double count) {
      this.from = from;
      this.to = to;
      this.count = count;
    }
  }

  private static final class Run implements Controller.View {
    final Trace trace;
    final SimConfig cfg;
    final Controller controller;
    final int minutes;
    final double end;
    final long[] producedBefore; // records produced before minute m
    final ArrayDeque<Chunk> kafka = new ArrayDeque<>();
    double queuedUntil;
    double consumed;
    // fleet: readiness time of every launched worker, sorted
    final List<Double> workers = new ArrayList<>();
    double workerSeconds;
    double lastFleetChange;
    int actions;
    final int[] desiredAtMinute;
    final int[] maxWait;
    final long[] waitHistogram = new long[86_400 * 2];
    long batches;
    final List<DriverOutage> outages; // by start
    int nextOutage;
    // the driver's query runs: the one the trace starts with is 0
    int driverRun;
    // the outage whose new driver has not run its first batch yet, or null
    DriverOutage restarting;
    // what the batch a kill cut off had planned to read (0: none was cut off)
    double lostTake;

    Run(
        Trace trace,
        SimConfig cfg,
        Controller controller,
        int minutes,
        List<DriverOutage> outages) {
      this.trace = trace;
      this.cfg = cfg;
      this.controller = controller;
      this.minutes = minutes;
      List<DriverOutage> sorted = new ArrayList<>(outages);
      sorted.sort(java.util.Comparator.comparingDouble(DriverOutage::fromSeconds));
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).fromSeconds() < sorted.get(i - 1).untilSeconds()) {
          throw new IllegalArgumentException(
              "driver outages overlap: " + sorted.get(i - 1) + " and " + sorted.get(i));
        }
      }
      this.outages = List.copyOf(sorted);
      this.end = minutes * 60.0;
      // a tail after the end so records produced near the end are read and counted
      int tail = (cfg.sloSeconds() + 4 * cfg.triggerSeconds()) / 60 + 1;
      producedBefore = new long[minutes + tail + 2];
      for (int m = 0; m < producedBefore.length - 1; m++) {
        producedBefore[m + 1] = producedBefore[m] + 60L * trace.rateAt(m);
      }
      desiredAtMinute = new int[minutes];
      maxWait = new int[minutes];
    }

    @Override
    public int rateAt(int minute) {
      return trace.rateAt(minute);
    }

    @Override
    public SimConfig config() {
      return cfg;
    }

    @Override
    public Trace trace() {
      return trace;
    }

    double producedBy(double t) {
      int m = (int) Math.floor(t / 60);
      if (m >= producedBefore.length - 1) {
        m = producedBefore.length - 2;
      }
      return producedBefore[m] + (t - 60.0 * m) * trace.rateAt(m);
    }

    @Override
    public long lagNow(double seconds) {
      return (long) (producedBy(seconds) - consumed);
    }

    /** The executor cores the booted workers give at {@code at}, as a master grants them. */
    int grantedCores(double at) {
      return cfg.executorCores(Math.max(1, alive(at)));
    }

    @Override
    public int aliveAt(double seconds) {
      return alive(seconds);
    }

    @Override
    public boolean driverRunning(double seconds) {
      return outages.stream()
          .noneMatch(o -> o.fromSeconds() <= seconds && seconds < o.untilSeconds());
    }

    int alive(double t) {
      int n = 0;
      for (double ready : workers) {
        if (ready <= t) {
          n++;
        }
      }
      return n;
    }

    void setDesired(int target, double t) {
      int max = cfg.maxWorkers() > 0 ? cfg.maxWorkers() : Integer.MAX_VALUE;
      target = Math.max(cfg.minWorkers(), Math.min(max, target));
      if (target == workers.size()) {
        return;
      }
      accrue(t);
      if (t < end) {
        actions++;
      }
      double boot = controller.instantFleet() ? 0 : cfg.bootDelaySeconds();
      while (workers.size() < target) {
        workers.add(t + boot);
      }
      workers.sort(Double::compare);
      while (workers.size() > target) {
        // the newest (booting) first; a booted one's executors leave tasks to run again
        Double removed = workers.remove(workers.size() - 1);
        joined.remove(removed);
        rerunDue |= removed <= t;
      }
    }

    void accrue(double t) {
      double upTo = Math.min(t, end);
      if (upTo > lastFleetChange) {
        workerSeconds += workers.size() * (upTo - lastFleetChange);
        lastFleetChange = upTo;
      }
    }

    /** Moves what has been produced up to {@code t} into Kafka, in chunks of at most 5 s. */
    void produceUntil(double t) {
      while (queuedUntil < t) {
        double next = Math.min(t, Math.floor(queuedUntil / 5) * 5 + 5);
        double n = producedBy(next) - producedBy(queuedUntil);
        if (n > 0) {
          kafka.addLast(new Chunk(queuedUntil, next, n));
        }
        queuedUntil = next;
      }
    }

    /** Reads {@code take} records from the head of Kafka, finished at {@code done}. */
    void consume(double take, double done) {
      double left = take;
      while (left > 1e-6 && !kafka.isEmpty()) {
        Chunk c = kafka.peekFirst();
        double n = Math.min(left, c.count);
        double portionTo = c.from + (c.to - c.from) * (n / c.count);
        account(c.from, portionTo, n, done);
        c.count -= n;
        c.from = portionTo;
        left -= n;
        if (c.count <= 1e-6) {
          kafka.pollFirst();
        }
      }
      consumed += take;
    }

    /** Freshness of records produced in [a, b), all written at {@code done}. */
    void account(double a, double b, double n, double done) {
      if (a >= end) {
        return;
      }
      int first = (int) Math.floor(a / 60);
      int last = (int) Math.floor(Math.min(b, end - 1e-9) / 60);
      for (int m = first; m <= last && m < minutes; m++) {
        double oldest = Math.max(a, m * 60.0);
        maxWait[m] = (int) Math.max(maxWait[m], Math.ceil(done - oldest));
      }
      double mid = (a + b) / 2;
      if (mid >= cfg.warmupMinutes() * 60.0 && mid < end) {
        int w = (int) Math.min(waitHistogram.length - 1, Math.round(done - mid));
        waitHistogram[Math.max(0, w)] += Math.round(n);
      }
    }

    double t;
    double lastBatchStart = -1;
    boolean rerunDue;
    long batchNumber;

    int recordedMinute;

    /**
     * With {@code joinRunningBatch}: the workers that took a running batch's task, and so are warm
     * for the next batch, by identity of their boxed ready times in {@link #workers} (each added as
     * its own object; every lookup must iterate them as {@code Double}, not {@code double}).
     */
    final java.util.Set<Double> joined =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * How many workers became ready in (from, to] and have run no task yet (the run's first
     * workers, ready at 0, are warm): with {@code joinRunningBatch} one that took a task of the
     * batch it joined is warm.
     */
    int coldSince(double from, double to) {
      int cold = 0;
      for (Double ready : workers) {
        if (ready > from && ready <= to && ready > 0 && !joined.contains(ready)) {
          cold++;
        }
      }
      return cold;
    }

    /**
     * What the batch that starts at {@code t} pays for new workers' cold start: the warm-up, and
     * for each further worker that became ready with the first, what one more adds.
     */
    double warmUpSeconds(double t) {
      if (cfg.workerWarmUpSeconds() <= 0 && cfg.warmUpPerExtraWorkerSeconds() <= 0) {
        return 0;
      }
      int cold = coldSince(lastBatchStart, t);
      return cold == 0
          ? 0
          : cfg.workerWarmUpSeconds() + (cold - 1) * cfg.warmUpPerExtraWorkerSeconds();
    }

    /**
     * How long a batch of {@code take} records that starts at {@code t} on {@code alive} booted
     * workers runs. With {@code joinRunningBatch} workers that come up while it runs take its tasks
     * that have not started (Spark offers a registering executor the running stage's pending tasks;
     * {@link SimConfig#joinedBatch}), and those that took one are warm after.
     */
    double batchSeconds(double take, double t, int alive) {
      int cores = cfg.executorCores(alive);
      int usable = cfg.partitions() > 0 ? Math.min(cores, cfg.partitions()) : cores;
      double whole = cfg.batchSeconds(take, usable);
      if (cfg.joinRunningBatch() == 0) {
        return whole;
      }
      // workers ready at the same time (asked for together) join as one: what their cores take
      // decides whether they are warm after, as the check fits it
      java.util.TreeMap<Double, List<Double>> joining = new java.util.TreeMap<>();
      for (Double ready : workers) {
        if (ready > t && ready + cfg.joinDelaySeconds() < t + whole) {
          joining.computeIfAbsent(ready, k -> new ArrayList<>()).add(ready);
        }
      }
      if (joining.isEmpty()) {
        return whole;
      }
      double[] after = new double[joining.size()];
      int[] added = new int[joining.size()];
      int n = alive;
      int i = 0;
      for (var e : joining.entrySet()) {
        after[i] = e.getKey() - t;
        added[i] = cfg.executorCores(n + e.getValue().size()) - cfg.executorCores(n);
        n += e.getValue().size();
        i++;
      }
      SimConfig.Joined batch = cfg.joinedBatch(take, cores, after, added);
      i = 0;
      for (List<Double> together : joining.values()) {
        if (batch.took()[i++]) {
          joined.addAll(together);
        }
      }
      return batch.seconds();
    }

    void start() {
      int initial = controller.initialWorkers(this);
      workers.clear();
      joined.clear();
      int max = cfg.maxWorkers() > 0 ? cfg.maxWorkers() : Integer.MAX_VALUE;
      for (int i = 0; i < Math.max(cfg.minWorkers(), Math.min(max, initial)); i++) {
        workers.add(0.0);
      }
    }

    /**
     * Runs the micro-batch that starts now and moves the clock to the next trigger (at once after
     * an overrun); {@code onTicks} runs the controller's ticks up to a time. Returns what the
     * listener would post, or null when Kafka held nothing.
     */
    Controller.Observation step(java.util.function.DoubleConsumer onTicks) {
      if (nextOutage < outages.size() && outages.get(nextOutage).fromSeconds() <= t) {
        // the driver is down: nothing runs until the new one's first batch
        restarting = outages.get(nextOutage++);
        t = Math.max(t, restarting.untilSeconds());
        driverRun++;
      }
      onTicks.accept(t);
      recordedMinute = markMinutes(recordedMinute, t);
      produceUntil(t);
      double available = producedBy(t) - consumed;
      double take =
          cfg.maxOffsetsPerTrigger() > 0
              ? Math.min(available, cfg.maxOffsetsPerTrigger())
              : available;
      if (restarting != null && lostTake > 0) {
        // the offsets the killed batch planned are in the checkpoint's offset log: the new driver
        // runs that batch again, exactly, before it plans another
        take = Math.min(available, lostTake);
      }
      int alive = Math.max(1, alive(t));
      int cores = cfg.executorCores(alive);
      double duration = take <= 0 ? 0 : batchSeconds(take, t, alive);
      if (take > 0 && restarting != null) {
        // every executor is new: the new driver's first batch pays for them all at once
        duration += restarting.firstBatchExtraSeconds();
        restarting = null;
        lostTake = 0;
        rerunDue = false;
      } else if (take > 0) {
        duration += warmUpSeconds(t); // a new worker's first tasks start cold
        if (rerunDue) {
          duration += cfg.scaleDownRerunSeconds();
          rerunDue = false;
        }
      }
      double done = t + duration;
      if (take > 0 && nextOutage < outages.size() && outages.get(nextOutage).fromSeconds() < done) {
        // the batch dies with its driver: nothing written, nothing reported
        lostTake = take;
        t = outages.get(nextOutage).fromSeconds();
        onTicks.accept(t);
        return null;
      }
      if (take > 0) {
        lastBatchStart = t;
      }
      onTicks.accept(done); // ticks while the batch runs see the lag grow
      Controller.Observation o = null;
      if (take > 0) {
        consume(take, done);
        batches++;
        String wal =
            cfg.compactInterval() > 0 && (batchNumber + 1) % cfg.compactInterval() == 0
                ? batchNumber + ".compact"
                : String.valueOf(batchNumber);
        batchNumber++;
        o =
            new Controller.Observation(
                new io.logwise.policy.scaling.BatchSample(
                    Math.round(take),
                    0,
                    (long) (t * 1000),
                    (long) (done * 1000),
                    cfg.joinRunningBatch() == 1 ? grantedCores(done) : cores,
                    "succeeded",
                    (long) Math.max(0, producedBy(done) - consumed),
                    (long) consumed,
                    cfg.partitions() > 0 ? cfg.partitions() : null,
                    outages.isEmpty() ? null : "driver-" + driverRun,
                    null),
                workers.size(),
                alive(done),
                wal,
                (long) (done * 1000),
                grantedCores(done));
      }
      double nextTrigger = (Math.floor(t / cfg.triggerSeconds()) + 1) * cfg.triggerSeconds();
      t = Math.max(nextTrigger, done);
      return o;
    }

    SimRun go() {
      start();
      double stopAt = end + cfg.sloSeconds() + 3.0 * cfg.triggerSeconds();
      double[] nextTick = {controller.tickSeconds() > 0 ? 0 : Double.MAX_VALUE};
      java.util.function.DoubleConsumer ticks =
          until -> {
            while (nextTick[0] <= until) {
              int want = controller.onTick(nextTick[0], workers.size(), this);
              if (want >= 0) {
                setDesired(want, nextTick[0]);
              }
              nextTick[0] += controller.tickSeconds();
            }
            double look = controller.nextLookSeconds();
            while (look <= until) {
              int want = controller.onLook(look, workers.size(), this);
              if (want >= 0) {
                setDesired(want, look);
              }
              double next = controller.nextLookSeconds();
              if (next <= look) {
                throw new IllegalStateException(
                    controller.name() + " did not move its next look on from " + look + " s");
              }
              look = next;
            }
          };
      while (t < stopAt) {
        Controller.Observation o = step(ticks);
        if (o != null) {
          setDesired(controller.afterBatch(o, this), o.nowMillis() / 1000.0);
        }
      }
      markMinutes(recordedMinute, end);
      accrue(end);
      // records never read by the end have waited at least until then
      produceUntil(end);
      double finish = Math.max(stopAt, t);
      for (Chunk c : kafka) {
        account(c.from, c.to, c.count, finish);
      }
      return result();
    }

    int markMinutes(int from, double t) {
      int m = from;
      while (m < minutes && (m + 1) * 60.0 <= t) {
        desiredAtMinute[m] = workers.size();
        m++;
      }
      return m;
    }

    SimRun result() {
      int over = 0;
      for (int m = cfg.warmupMinutes(); m < minutes; m++) {
        if (maxWait[m] > cfg.sloSeconds()) {
          over++;
        }
      }
      int[] rate = new int[minutes];
      for (int m = 0; m < minutes; m++) {
        rate[m] = trace.rateAt(m);
      }
      return new SimRun(
          trace.name(),
          controller.name(),
          minutes,
          over,
          percentile(0.50),
          percentile(0.99),
          workerSeconds / 3600.0,
          actions,
          batches,
          rate,
          Arrays.copyOf(desiredAtMinute, minutes),
          Arrays.copyOf(maxWait, minutes));
    }

    double percentile(double q) {
      long total = 0;
      for (long c : waitHistogram) {
        total += c;
      }
      if (total == 0) {
        return 0;
      }
      long target = (long) Math.ceil(q * total);
      long seen = 0;
      for (int s = 0; s < waitHistogram.length; s++) {
        seen += waitHistogram[s];
        if (seen >= target) {
          return s;
        }
      }
      return waitHistogram.length - 1;
    }
  }
}
