package io.logwise.worker;

import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.sim.Controller;
import io.logwise.policy.sim.PolicyController;
import io.logwise.policy.sim.SimConfig;
import io.logwise.policy.sim.SimRun;
import io.logwise.policy.sim.Simulator;
import io.logwise.policy.sim.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The simulator checked against a real closed-loop run (issue 26): the model's parameters measured
 * from the run's batches and the master, the same trace and the same policy settings run through
 * {@link Simulator}, and both measured the same way ({@link Simulator#replay} for the real one).
 * Writes a table, a per-minute CSV and a picture, and says which of the issue's targets the
 * simulated run misses ({@link #missedTargets}). {@code ClosedLoopSparkIT} records each run ({@link
 * Recorded}) and prints the table; {@code SimulatorCheckTest} holds the simulator to the runs
 * recorded in the test resources (docs/scaling.md, "The simulator against the real run").
 */
final class SimulatorCheck {

  private SimulatorCheck() {}

  /** A real batch: when it started (epoch ms), how long it ran, what it read, on how many cores. */
  record Batch(String id, long submittedMillis, long durationMillis, long records, Integer cores) {}

  /** A change of the fleet the loop acted on. */
  record Change(long atMillis, int to) {}

  /** When the job was granted more executor cores than before. */
  record Granted(long atMillis, int appCores) {}

  /**
   * The model's parameters as the run measured them.
   *
   * @param perCore records per second one executor core processes while busy
   * @param overheadSeconds the fixed cost of a batch
   * @param waveSeconds what each wave of tasks (⌈partitions / cores⌉) adds to a batch
   * @param sharedPerSecond records per second through what all cores share (0 = not measured)
   * @param warmUpSeconds what the first batch on a new worker took beyond the fit (median; with
   *     workers started one at a time and together, the line through each count's median at one),
   *     counting only the workers that took no task of a batch they joined ({@link #startFit})
   * @param warmUpPerExtraWorkerSeconds what each further worker that became ready with it added (0
   *     when all the first batches on new workers had the same count of them, or the warm-up did
   *     not grow with it)
   * @param rerunSeconds what the batch running when the grant fell took beyond the fit (median)
   * @param bootSeconds from an acted scale-up to the job being granted more cores (median)
   * @param fitted batches the per-core rate and overheads were fitted on
   * @param joinDelaySeconds from a rise of the grant to the new executor taking a running batch's
   *     task, and
   * @param coldTaskSeconds what its first task took beyond the fit: both fitted together on the
   *     batches that new workers joined ({@link #startFit}), 0 when there were none or keeping the
   *     cores described the run as well
   * @param joinsFitted the batches new workers joined that they were fitted on (0: the model keeps
   *     a batch on the cores it started with)
   */
  record Measured(
      double perCore,
      double overheadSeconds,
      double waveSeconds,
      double sharedPerSecond,
      double warmUpSeconds,
      double warmUpPerExtraWorkerSeconds,
      double rerunSeconds,
      double bootSeconds,
      int fitted,
      double joinDelaySeconds,
      double coldTaskSeconds,
      int joinsFitted) {}

  /**
   * Fits duration = overhead + records / shared + ⌈partitions / cores⌉ × (wave + records /
   * (partitions × perCore)) ({@link SimConfig#batchSeconds}) by least squares over the batches that
   * read something, are not the first of their query run (warm-up) and ran on the same cores
   * throughout, as the master granted them and the listener reported them (the listener's figure
   * alone when no grants are known); a wave or shared cost fitted at or below zero is left out and
   * the rest fitted again. The first batch to start after each rise of the grant is left out too:
   * what it took beyond the fit is a new worker's warm-up, by how many workers' cores the master
   * granted since the batch before started ({@link #warmUps}); so is the batch running when the
   * grant fell (else the next): what it took beyond the fit on the cores left at its end is a
   * scale-down's re-run. The boot time is the median from each acted scale-up to the first sample
   * with more cores granted.
   */
  static Measured measure(
      List<Batch> batches,
      int partitions,
      int coresPerWorker,
      List<Change> ups,
      List<Granted> grants) {
    return fit(observe(batches, partitions, coresPerWorker, ups, grants));
  }

  /**
   * What {@link #measure} fits, from one run: the batches it fits on, the first batches on a new
   * worker (each {@link #row} and how many workers became ready since the batch before), the
   * batches across a scale-down, each as {@link #row}, the boot times, the batches new workers
   * joined, and for each first batch on a new worker the batch before when new workers joined it
   * (else null; parallel to {@code firstOnNew}).
   */
  record Observations(
      List<double[]> steady,
      List<double[]> firstOnNew,
      List<double[]> rerun,
      List<Double> boots,
      List<Joined> joined,
      List<Joined> joinedBefore) {

    Observations {
      if (firstOnNew.size() != joinedBefore.size()) {
        throw new IllegalArgumentException("joinedBefore must be parallel to firstOnNew");
      }
    }

    /** These and {@code other}'s together: several runs fitted as one. */
    Observations and(Observations other) {
      return new Observations(
          concat(steady, other.steady),
          concat(firstOnNew, other.firstOnNew),
          concat(rerun, other.rerun),
          concat(boots, other.boots),
          concat(joined, other.joined),
          concat(joinedBefore, other.joinedBefore));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
      List<T> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }
  }

  /**
   * A batch that new workers joined while it ran: its records, the cores granted when it started,
   * the partitions, the cores a worker gives, each rise of the grant during it (seconds after its
   * start, cores added), the seconds it took, and whether the driver counted more cores at its end
   * than the batch started with (false: the new executors had not registered, so none took a task
   * of it; true also when the listener did not say).
   */
  record Joined(
      double records,
      int cores,
      int partitions,
      int coresPerWorker,
      double[] after,
      int[] added,
      double seconds,
      boolean registered) {}

  /** {@link #measure}'s observations of one run, for fitting several runs as one. */
  static Observations observe(Recorded run) {
    return observe(
        run.batches(),
        run.model().partitions(),
        run.model().coresPerWorker(),
        run.ups(),
        run.grants());
  }

  private static Observations observe(
      List<Batch> batches,
      int partitions,
      int coresPerWorker,
      List<Change> ups,
      List<Granted> grants) {
    List<double[]> xy = new ArrayList<>();
    // the first batch to start after each rise of the grant runs on a new worker's cold executor:
    // left out of the fit, and what it took beyond the fit is the warm-up
    List<double[]> firstOnNew = new ArrayList<>();
    // the batch running when the grant fell (else the next): a removed worker's tasks run again
    java.util.Map<Batch, Integer> afterFall = new java.util.IdentityHashMap<>();
    for (int i = 1; i < grants.size(); i++) {
      int was = grants.get(i - 1).appCores();
      int now = grants.get(i).appCores();
      // the fall came after the sample before it: the first batch to end after that one
      long after = grants.get(i - 1).atMillis();
      if (now < was && now > 0) {
        batches.stream()
            .filter(b -> b.records() > 0 && b.submittedMillis() + b.durationMillis() >= after)
            .findFirst()
            .ifPresent(
                b -> {
                  int left = grantedAt(grants, b.submittedMillis() + b.durationMillis());
                  if (left > 0) {
                    afterFall.put(b, left);
                  }
                });
      }
    }
    List<double[]> rerun = new ArrayList<>();
    List<Joined> joined = new ArrayList<>();
    // for each first batch on new workers, the batch before when they joined it (else null)
    List<Joined> joinedBefore = new ArrayList<>();
    Joined lastAcross = null;
    BatchSample previous = null;
    long previousStart = Long.MIN_VALUE;
    for (Batch b : batches) {
      long start = b.submittedMillis();
      long since = previousStart;
      Joined before = lastAcross;
      lastAcross = null;
      int risen = risenCores(grants, since, start);
      boolean onNewWorker = risen > 0;
      previousStart = start;
      BatchSample s =
          new BatchSample(
                  b.records(),
                  0,
                  b.submittedMillis(),
                  b.submittedMillis() + b.durationMillis(),
                  b.cores(),
                  "succeeded")
              .withRunOf(b.id());
      boolean warmUp = s.firstOfRun(previous);
      previous = s;
      // the cores the master granted through the whole batch; none when they changed during it
      // (a fleet change: lost executors re-run their tasks, new ones join part-way)
      Integer cores =
          grants.isEmpty()
              ? b.cores()
              : grantedThroughout(
                  grants, b.submittedMillis(), b.submittedMillis() + b.durationMillis());
      if (!warmUp && afterFall.containsKey(b)) {
        rerun.add(row(b, afterFall.get(b), partitions));
        continue;
      }
      Joined across = warmUp ? null : joinedBy(b, grants, partitions, coresPerWorker);
      if (across != null) {
        joined.add(across);
        lastAcross = across;
      }
      if (warmUp || b.records() <= 0 || cores == null || cores <= 0) {
        continue;
      }
      if (b.cores() != null && !b.cores().equals(cores)) {
        // the driver still counted executors the master had dropped (a stopped worker's, for a
        // minute or two after a scale-down) or not yet registered new ones
        continue;
      }
      if (onNewWorker) {
        double[] r = java.util.Arrays.copyOf(row(b, cores, partitions), 6);
        // in whole workers (a joint start can show as two rises a sample apart): their JVMs started
        // on the same CPUs at about the same time; the simulator counts the workers that became
        // ready since its previous batch started the same way
        r[5] = (risen + coresPerWorker - 1) / coresPerWorker;
        firstOnNew.add(r);
        joinedBefore.add(before);
      } else {
        xy.add(row(b, cores, partitions));
      }
    }
    List<Double> boots = new ArrayList<>();
    for (Change up : ups) {
      int before =
          grants.stream()
              .filter(g -> g.atMillis() <= up.atMillis())
              .mapToInt(Granted::appCores)
              .reduce((x, y) -> y)
              .orElse(0);
      grants.stream()
          .filter(g -> g.atMillis() > up.atMillis() && g.appCores() > before)
          .findFirst()
          .ifPresent(g -> boots.add((g.atMillis() - up.atMillis()) / 1000.0));
    }
    return new Observations(xy, firstOnNew, rerun, boots, joined, joinedBefore);
  }

  /**
   * {@code b} as a batch that new workers joined: the grant rose while it ran (from the cores it
   * started with, never falling), and the driver counted no more cores at its end than the master
   * granted (more: a stopped worker's executors still counted); null otherwise.
   */
  private static Joined joinedBy(
      Batch b, List<Granted> grants, int partitions, int coresPerWorker) {
    long from = b.submittedMillis();
    long to = from + b.durationMillis();
    int cores = grantedAt(grants, from);
    if (b.records() <= 0 || cores <= 0) {
      return null;
    }
    // every rise during it as one start at the first: workers asked for together can show as two
    // rises a sample apart, and the simulator starts them together
    double first = -1;
    int added = 0;
    for (int i = 1; i < grants.size(); i++) {
      long at = grants.get(i).atMillis();
      int step = grants.get(i).appCores() - grants.get(i - 1).appCores();
      if (at > from && at <= to && step != 0) {
        if (step < 0) {
          return null;
        }
        first = first < 0 ? (at - from) / 1000.0 : first;
        added += step;
      }
    }
    if (added == 0 || b.cores() != null && b.cores() > grantedAt(grants, to)) {
      return null; // no rise, or the driver still counted executors the master had dropped
    }
    return new Joined(
        b.records(),
        cores,
        partitions,
        coresPerWorker,
        new double[] {first},
        new int[] {added},
        b.durationMillis() / 1000.0,
        b.cores() == null || b.cores() > cores);
  }

  /**
   * How new workers start, fitted on the batches they joined ({@link Observations#joined}) and the
   * first batches after ({@link Observations#firstOnNew}) together: either a batch keeps the cores
   * it started with and a new worker's first batch pays the warm-up ({@link #warmUps}), or new
   * workers join a running batch a delay after their cores are granted, their first task running
   * cold ({@link SimConfig#joinedBatch}), and those that took a task are warm for the next batch,
   * where the others pay the warm-up. The join delay and the cold cost come from a grid (0 to 15 s
   * and 0 to 30 s, by half seconds; the smallest of equals), leaving out any under which a worker
   * took a task of a batch whose driver counted no new executor at its end; whichever describes
   * both kinds of batch with the least squares wins, keeping the cores when equal.
   *
   * @return {join delay, cold task, warm-up, warm-up per extra worker, 1 when new workers join}
   */
  static double[] startFit(double[] fit, Observations o, boolean joins) {
    double[] best = startCost(fit, o, -1, 0);
    for (int r = 0; r <= 30 && joins && !o.joined().isEmpty(); r++) {
      for (int c = 0; c <= 60; c++) {
        double[] joining = startCost(fit, o, r / 2.0, c / 2.0);
        if (joining[0] < best[0] - 1e-9) {
          best = joining;
        }
      }
    }
    return java.util.Arrays.copyOfRange(best, 1, 6);
  }

  /**
   * {@link #startFit}'s squares for one way of starting ({@code delay} below 0: the batch keeps its
   * cores): {squares, join delay, cold task, warm-up, warm-up per extra worker, joins}.
   */
  private static double[] startCost(double[] fit, Observations o, double delay, double cold) {
    boolean join = delay >= 0;
    double squares = 0;
    java.util.Map<Joined, boolean[]> took = new java.util.IdentityHashMap<>();
    for (Joined j : o.joined()) {
      SimConfig model = joinModel(fit, j.partitions(), join, Math.max(0, delay), cold);
      double seconds;
      if (join) {
        SimConfig.Joined batch = model.joinedBatch(j.records(), j.cores(), j.after(), j.added());
        for (boolean t : batch.took()) {
          if (t && !j.registered()) {
            // the driver counted no new executor at the batch's end: none took a task of it
            return new double[] {Double.MAX_VALUE, 0, 0, 0, 0, 0};
          }
        }
        took.put(j, batch.took());
        seconds = batch.seconds();
      } else {
        seconds =
            model.batchSeconds(
                j.records(), j.partitions() > 0 ? Math.min(j.cores(), j.partitions()) : j.cores());
      }
      squares += (seconds - j.seconds()) * (seconds - j.seconds());
    }
    // the first batches after: as many cold workers as did not take a task of the batch before
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < o.firstOnNew().size(); i++) {
      double[] r = o.firstOnNew().get(i).clone();
      Joined before = o.joinedBefore().get(i);
      if (join && before != null) {
        boolean[] t = took.get(before);
        for (int k = 0; k < t.length; k++) {
          if (t[k]) {
            r[5] -= (before.added()[k] + before.coresPerWorker() - 1) / before.coresPerWorker();
          }
        }
      }
      rows.add(r);
    }
    double[] warmUp = warmUps(fit, rows.stream().filter(r -> r[5] > 0).toList());
    for (double[] r : rows) {
      double beyond = r[5] > 0 ? warmUp[0] + (r[5] - 1) * warmUp[1] : 0;
      double off = fit[0] + fit[1] * r[1] + fit[2] * r[2] + fit[3] * r[3] + beyond - r[4];
      squares += off * off;
    }
    return new double[] {
      squares, join ? delay : 0, join ? cold : 0, warmUp[0], warmUp[1], join ? 1 : 0
    };
  }

  /** The model of a batch {@code fit} describes, with new workers joining it as given. */
  private static SimConfig joinModel(
      double[] fit, int partitions, boolean join, double delay, double cold) {
    return SimConfig.DEFAULTS.with(
        String.format(
            Locale.ROOT,
            "perCoreRecordsPerSecond=%.6f,batchOverheadSeconds=%.6f,taskWaveSeconds=%.6f,"
                + "sharedRecordsPerSecond=%.6f,partitions=%d,joinRunningBatch=%d,"
                + "joinDelaySeconds=%.6f,coldTaskSeconds=%.6f",
            1 / fit[1],
            fit[0],
            fit[2],
            fit[3] > 0 ? 1 / fit[3] : 0,
            partitions,
            join ? 1 : 0,
            delay,
            cold));
  }

  /**
   * The executor cores the master granted in (from, to]: every rise between samples (from a grant
   * of none, the job's start, is no rise); 0 when there was none.
   */
  static int risenCores(List<Granted> grants, long from, long to) {
    int rose = 0;
    for (int i = 1; i < grants.size(); i++) {
      long at = grants.get(i).atMillis();
      int step = grants.get(i).appCores() - grants.get(i - 1).appCores();
      if (at > from && at <= to && step > 0 && grants.get(i - 1).appCores() > 0) {
        rose += step;
      }
    }
    return rose;
  }

  /** The model's measured part, fitted on {@code o}. */
  static Measured fit(Observations o) {
    return fit(o, true);
  }

  /**
   * The model's measured part, fitted on {@code o}; {@code joins} false: without new workers
   * joining a running batch ({@link #startFit}), a batch keeping the cores it started with.
   */
  static Measured fit(Observations o, boolean joins) {
    List<double[]> xy = o.steady();
    // the whole model first; a wave or shared term fitted at or below zero is dropped (one at a
    // time, the wave first) and the rest fitted again (both, when the per-core term is), and so is
    // one the batches cannot tell from the others
    double[] fit = null;
    List<Integer> terms = new ArrayList<>(List.of(0, 1, 2, 3));
    while (fit == null) {
      List<double[]> rows = new ArrayList<>();
      for (double[] r : xy) {
        double[] row = new double[terms.size() + 1];
        for (int i = 0; i < terms.size(); i++) {
          row[i] = r[terms.get(i)];
        }
        row[terms.size()] = r[4];
        rows.add(row);
      }
      double[] x = leastSquares(rows, terms.size());
      if (x == null && terms.size() > 2) {
        // the batches do not tell the terms apart (a run whose batches came in few sizes and core
        // counts): one fewer, the wave first
        terms.remove(terms.contains(2) ? Integer.valueOf(2) : terms.get(terms.size() - 1));
        continue;
      }
      if (x == null || x[1] <= 0) {
        if (x == null || terms.size() == 2) {
          break;
        }
        terms = new ArrayList<>(List.of(0, 1));
        continue;
      }
      Integer negative = null;
      for (int i = 2; i < terms.size() && negative == null; i++) {
        if (x[i] <= 0) {
          negative = terms.get(i);
        }
      }
      if (negative == null) {
        fit = new double[4];
        for (int i = 0; i < terms.size(); i++) {
          fit[terms.get(i)] = x[i];
        }
      } else {
        terms.remove(negative); // one at a time, the wave first: the others change without it
      }
    }
    if (fit == null) {
      throw new IllegalStateException("too few batches of different sizes to fit: " + xy.size());
    }
    fit[0] = Math.max(0, fit[0]); // the overhead as the model takes it, for what lies beyond too
    double slope = fit[1];
    double overhead = fit[0];
    double wave = fit[2];
    double shared = fit[3] > 0 ? 1 / fit[3] : 0;
    double[] start = startFit(fit, o, joins);
    double rerunSeconds = medianBeyond(fit, o.rerun());
    List<Double> boots = new ArrayList<>(o.boots());
    boots.sort(Double::compare);
    double boot = boots.isEmpty() ? 0 : boots.get(boots.size() / 2);
    return new Measured(
        1 / slope,
        overhead,
        wave,
        shared,
        start[2],
        start[3],
        rerunSeconds,
        boot,
        xy.size(),
        start[0],
        start[1],
        start[4] > 0 ? o.joined().size() : 0);
  }

  /**
   * A new worker's warm-up and what each further worker started with it adds, from the first
   * batches on new workers ({@code r[5]}: the workers whose cores were {@link #risenCores} since
   * the batch before started): with one count of workers only, the median beyond the fit and
   * nothing extra; with several, the least-squares line through each count's median (weighted by
   * its batches), taken at one worker (at least 0, the slope kept), with its slope (none when it
   * does not rise: then the median of all).
   */
  static double[] warmUps(double[] fit, List<double[]> firstOnNew) {
    java.util.TreeMap<Integer, List<double[]>> byCount = new java.util.TreeMap<>();
    for (double[] r : firstOnNew) {
      byCount.computeIfAbsent((int) r[5], k -> new ArrayList<>()).add(r);
    }
    double all = medianBeyond(fit, firstOnNew);
    if (byCount.size() < 2) {
      return new double[] {all, 0};
    }
    // per count: the extra workers, the batches (the weight), the median beyond the fit
    List<double[]> points = new ArrayList<>();
    double n = 0;
    double sx = 0;
    double sy = 0;
    for (var e : byCount.entrySet()) {
      double[] p = {e.getKey() - 1, e.getValue().size(), medianBeyond(fit, e.getValue())};
      points.add(p);
      n += p[1];
      sx += p[1] * p[0];
      sy += p[1] * p[2];
    }
    double mx = sx / n;
    double my = sy / n;
    double sxy = 0;
    double sxx = 0;
    for (double[] p : points) {
      sxy += p[1] * (p[0] - mx) * (p[2] - my);
      sxx += p[1] * (p[0] - mx) * (p[0] - mx);
    }
    double slope = sxy / sxx;
    if (slope <= 0) {
      return new double[] {all, 0};
    }
    return new double[] {Math.max(0, my - slope * mx), slope};
  }

  /**
   * A batch as the fit reads it: 1, one task's records in each wave ({@link
   * SimConfig#batchSeconds}), the waves, the records, and the seconds it took.
   */
  private static double[] row(Batch b, int cores, int partitions) {
    int waves = partitions > 0 ? (partitions + cores - 1) / cores : 1;
    double perTask =
        partitions > 0 ? b.records() * waves / (double) partitions : b.records() / (double) cores;
    return new double[] {1, perTask, waves, b.records(), b.durationMillis() / 1000.0};
  }

  /** The median of what {@code rows} took beyond the fit (0 where less; 0 for none). */
  private static double medianBeyond(double[] fit, List<double[]> rows) {
    List<Double> beyond = new ArrayList<>();
    for (double[] r : rows) {
      beyond.add(Math.max(0, r[4] - (fit[0] + fit[1] * r[1] + fit[2] * r[2] + fit[3] * r[3])));
    }
    beyond.sort(Double::compare);
    return beyond.isEmpty() ? 0 : beyond.get(beyond.size() / 2);
  }

  /**
   * The executor cores the master had granted from {@code from} to {@code to}: the last sample at
   * or before {@code from}, when every sample after it up to the first at or after {@code to} says
   * the same (a change can fall anywhere between two samples); null when they changed, or no sample
   * came before or after.
   */
  static Integer grantedThroughout(List<Granted> grants, long from, long to) {
    Integer cores = null;
    for (Granted g : grants) {
      if (g.atMillis() <= from) {
        cores = g.appCores();
      } else if (cores == null || g.appCores() != cores) {
        return null;
      } else if (g.atMillis() >= to) {
        return cores; // the first sample at or after the end agrees too
      }
    }
    return null;
  }

  /** The cores the master had granted at {@code atMillis}: the last sample at or before it. */
  static int grantedAt(List<Granted> grants, long atMillis) {
    int cores = 0;
    for (Granted g : grants) {
      if (g.atMillis() <= atMillis) {
        cores = g.appCores();
      }
    }
    return cores;
  }

  /**
   * Least squares of the last column on the first {@code k} (each row: regressors, then y), by the
   * normal equations; null when they are singular.
   */
  static double[] leastSquares(List<double[]> rows, int k) {
    double[][] a = new double[k][k + 1];
    for (double[] r : rows) {
      double y = r[r.length - 1];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          a[i][j] += r[i] * r[j];
        }
        a[i][k] += r[i] * y;
      }
    }
    for (int c = 0; c < k; c++) {
      int pivot = c;
      for (int r = c + 1; r < k; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][c]) < 1e-9) {
        return null;
      }
      double[] t = a[c];
      a[c] = a[pivot];
      a[pivot] = t;
      for (int r = 0; r < k; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int j = c; j <= k; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[] x = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = a[i][k] / a[i][i];
    }
    return x;
  }

  /** The real run and the simulated one, measured alike, and where to find the figures. */
  record Result(Measured measured, SimConfig model, SimRun real, SimRun simulated, String table) {}

  /** A decision of the loop: when, what, from and to, and why (the decisions table). */
  record Decision(long atMillis, String action, int from, int to, String reason) {}

  /** The adaptive rules of the runs recorded before a recording said which (revision 5). */
  static final int REVISION_BEFORE_RECORDED =
      io.logwise.policy.scaling.AdaptiveScalingPolicy.RESTART_REVISION;

  /**
   * Everything a closed-loop run gives the check, as {@code ClosedLoopSparkIT} recorded it: the
   * check can run again on it without Spark ({@link #read}, {@link #write}; one {@code key value}
   * line each, {@code #} comments).
   *
   * @param revision the adaptive rules the loop decided with ({@link
   *     io.logwise.policy.scaling.AdaptiveScalingPolicy}; a recording without one was made with
   *     revision 5); the simulated loop decides with the same
   * @param scaling the tenant's {@code scaling:} block (flow YAML)
   * @param model the run's fixed settings (trigger, cores, driver, bounds, partitions, SLO)
   * @param rates the records per second played, minute by minute, from {@code playStart}
   * @param initialWorkers the fleet when the trace started
   * @param killedAtMillis when the driver was killed, or 0
   * @param grants the executor cores the master had granted the job, sample by sample
   */
  record Recorded(
      String policy,
      int revision,
      String scaling,
      SimConfig model,
      int[] rates,
      long playStart,
      int initialWorkers,
      long killedAtMillis,
      List<Batch> batches,
      List<Change> changes,
      List<Granted> grants,
      List<Decision> decisions) {

    /** The changes that raised the desired workers. */
    List<Change> ups() {
      List<Change> ups = new ArrayList<>();
      int last = initialWorkers;
      for (Change c : changes) {
        if (c.to() > last) {
          ups.add(c);
        }
        last = c.to();
      }
      return ups;
    }

    Trace trace() {
      List<String> lines = new ArrayList<>(List.of("minute,records_per_second"));
      for (int m = 0; m < rates.length; m++) {
        lines.add(m + "," + rates[m]);
      }
      return Trace.parse("step", lines);
    }

    void write(Path file) throws java.io.IOException {
      StringBuilder s = new StringBuilder("# a closed-loop run recorded by ClosedLoopSparkIT\n");
      s.append("policy ").append(policy).append('\n');
      s.append("revision ").append(revision).append('\n');
      s.append("scaling ").append(scaling).append('\n');
      s.append("model ").append(modelSpec(model)).append('\n');
      s.append("rates ")
          .append(String.join(",", Arrays.stream(rates).mapToObj(String::valueOf).toList()))
          .append('\n');
      s.append("playStart ").append(playStart).append('\n');
      s.append("initialWorkers ").append(initialWorkers).append('\n');
      s.append("killedAt ").append(killedAtMillis).append('\n');
      for (Batch b : batches) {
        s.append(
            String.format(
                Locale.ROOT,
                "batch %s %d %d %d %s%n",
                b.id(),
                b.submittedMillis(),
                b.durationMillis(),
                b.records(),
                b.cores() == null ? "-" : b.cores()));
      }
      for (Change c : changes) {
        s.append("change ").append(c.atMillis()).append(' ').append(c.to()).append('\n');
      }
      for (Granted g : grants) {
        s.append("grant ").append(g.atMillis()).append(' ').append(g.appCores()).append('\n');
      }
      for (Decision d : decisions) {
        s.append(
            String.format(
                Locale.ROOT,
                "decision %d %s %d %d %s%n",
                d.atMillis(),
                d.action(),
                d.from(),
                d.to(),
                d.reason() == null ? "" : d.reason().replace('\n', ' ')));
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, s);
    }

    static Recorded read(List<String> lines) {
      java.util.Map<String, String> one = new java.util.HashMap<>();
      List<Batch> batches = new ArrayList<>();
      List<Change> changes = new ArrayList<>();
      List<Granted> grants = new ArrayList<>();
      List<Decision> decisions = new ArrayList<>();
      for (String line : lines) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ", 6);
        switch (f[0]) {
          case "batch" ->
              batches.add(
                  new Batch(
                      f[1],
                      Long.parseLong(f[2]),
                      Long.parseLong(f[3]),
                      Long.parseLong(f[4]),
                      f[5].equals("-") ? null : Integer.valueOf(f[5])));
          case "change" -> changes.add(new Change(Long.parseLong(f[1]), Integer.parseInt(f[2])));
          case "grant" -> grants.add(new Granted(Long.parseLong(f[1]), Integer.parseInt(f[2])));
          case "decision" ->
              decisions.add(
                  new Decision(
                      Long.parseLong(f[1]),
                      f[2],
                      Integer.parseInt(f[3]),
                      Integer.parseInt(f[4]),
                      f.length > 5 ? f[5] : ""));
          default -> one.put(f[0], line.substring(f[0].length()).trim());
        }
      }
      return new Recorded(
          one.get("policy"),
          Integer.parseInt(one.getOrDefault("revision", String.valueOf(REVISION_BEFORE_RECORDED))),
          one.get("scaling"),
          SimConfig.DEFAULTS.with(one.get("model")),
          Arrays.stream(one.get("rates").split(",")).mapToInt(Integer::parseInt).toArray(),
          Long.parseLong(one.get("playStart")),
          Integer.parseInt(one.get("initialWorkers")),
          Long.parseLong(one.get("killedAt")),
          batches,
          changes,
          grants,
          decisions);
    }
  }

  /** {@code model} as {@link SimConfig#with} takes it: every component, by name. */
  static String modelSpec(SimConfig model) {
    java.lang.reflect.RecordComponent[] parts = SimConfig.class.getRecordComponents();
    List<String> pairs = new ArrayList<>();
    for (java.lang.reflect.RecordComponent c : parts) {
      try {
        pairs.add(c.getName() + "=" + c.getAccessor().invoke(model));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(",", pairs);
  }

  /**
   * Runs the check on a recorded run and writes {@code <policy>.md}, {@code .csv} and {@code .svg}
   * into {@code out}; the model's measured per-core rate, overheads and boot delay are set on the
   * run's fixed settings. A run whose driver was killed says so in its table (the model has no
   * driver outage, so such a run is not one to hold the model to).
   */
  static Result check(ScalingConfig scaling, Recorded run, Path out) throws Exception {
    return check(scaling, run, out, null);
  }

  /**
   * {@link #check(ScalingConfig, Recorded, Path)} with the model's measured part given (fitted on
   * another run: does one run's model predict another?) instead of fitted on this run; null fits.
   */
  static Result check(ScalingConfig scaling, Recorded run, Path out, Measured given)
      throws Exception {
    String policy = run.policy();
    Trace trace = run.trace();
    long playStart = run.playStart();
    SimConfig model = run.model();
    int initialWorkers = run.initialWorkers();
    List<Batch> batches = run.batches();
    List<Change> changes = run.changes();
    List<Granted> grants = run.grants();
    int minutes = trace.minutes();
    long end = playStart + minutes * 60_000L;
    Measured m = given != null ? given : fit(observe(run));
    SimConfig fittedKept =
        model.with(
            String.format(
                Locale.ROOT,
                "perCoreRecordsPerSecond=%.4f,batchOverheadSeconds=%.4f,taskWaveSeconds=%.4f,"
                    + "sharedRecordsPerSecond=%.4f,workerWarmUpSeconds=%.4f,"
                    + "warmUpPerExtraWorkerSeconds=%.4f,"
                    + "scaleDownRerunSeconds=%.4f,bootDelaySeconds=%d",
                m.perCore(),
                Math.min(m.overheadSeconds(), model.triggerSeconds() - 0.5),
                m.waveSeconds(),
                m.sharedPerSecond(),
                m.warmUpSeconds(),
                m.warmUpPerExtraWorkerSeconds(),
                m.rerunSeconds(),
                Math.round(m.bootSeconds())));
    SimConfig fitted =
        m.joinsFitted() == 0
            ? fittedKept
            : fittedKept.with(
                String.format(
                    Locale.ROOT,
                    "joinRunningBatch=1,joinDelaySeconds=%.4f,coldTaskSeconds=%.4f",
                    m.joinDelaySeconds(),
                    m.coldTaskSeconds()));

    // the real run, measured as the simulator measures: desired workers at each minute's end
    int[] workers = new int[minutes];
    for (int k = 0; k < minutes; k++) {
      workers[k] = desiredAt(changes, initialWorkers, playStart + (k + 1) * 60_000L);
    }
    int actions = 0;
    double workerSeconds = 0;
    long since = playStart;
    for (Change c : changes) {
      if (c.atMillis() >= playStart && c.atMillis() < end) {
        actions++;
        workerSeconds +=
            desiredAt(changes, initialWorkers, since) * (c.atMillis() - since) / 1000.0;
        since = c.atMillis();
      }
    }
    workerSeconds += desiredAt(changes, initialWorkers, since) * (end - since) / 1000.0;
    int before = desiredAt(changes, initialWorkers, playStart);
    List<Simulator.RealBatch> real = new ArrayList<>();
    for (Batch b : batches) {
      if (b.records() > 0 && b.submittedMillis() + b.durationMillis() > playStart) {
        real.add(
            new Simulator.RealBatch(
                (b.submittedMillis() - playStart) / 1000.0,
                (b.submittedMillis() + b.durationMillis() - playStart) / 1000.0,
                b.records()));
      }
    }
    SimRun realRun =
        Simulator.replay(
            trace, fitted, "real " + policy, real, workers, actions, workerSeconds / 3600);

    java.util.function.Supplier<PolicyController> loop =
        () ->
            new PolicyController(
                scaling, 600_000L + fitted.bootDelaySeconds() * 1000L, run.revision());
    int start = before;
    Controller controller = fromWorkers("simulated " + policy, loop.get(), start);
    Simulator.DriverOutage outage =
        atTheSimulatedScaleUp(run, outage(run, fitted), trace, fitted, minutes, loop, start);
    SimRun simRun =
        Simulator.run(
            trace, fitted, controller, minutes, outage == null ? List.of() : List.of(outage));

    String table =
        (outage != null
                ? String.format(
                    Locale.ROOT,
                    "the driver was killed %.0f s into the trace and its successor's first batch"
                        + " started %.0f s later, %.1f s longer than the model: the simulated"
                        + " driver is down as long%n",
                    outage.fromSeconds(),
                    outage.untilSeconds() - outage.fromSeconds(),
                    outage.firstBatchExtraSeconds())
                : "")
            + (given != null ? "the model fitted on another run, not this one\n" : "")
            + table(policy, m, fitted, realRun, simRun);
    Files.createDirectories(out);
    Files.writeString(out.resolve(policy + ".md"), table);
    Files.writeString(out.resolve(policy + ".csv"), csv(realRun, simRun));
    Files.writeString(
        out.resolve(policy + ".svg"),
        SimulationPicture.svg(
            "closed loop, " + policy, List.of(realRun, simRun), fitted.sloSeconds()));
    return new Result(m, fitted, realRun, simRun, table);
  }

  /**
   * The driver outage of a run whose driver was killed, as the simulator takes it: from the kill to
   * the start of the first batch of another query run, which took what it did beyond {@code model}
   * (on the cores the master granted when it started) more; null when the driver was not killed or
   * no batch of a new run followed.
   */
  static Simulator.DriverOutage outage(Recorded run, SimConfig model) {
    if (run.killedAtMillis() <= 0) {
      return null;
    }
    String killedRun = null;
    for (Batch b : run.batches()) {
      if (b.submittedMillis() <= run.killedAtMillis()) {
        killedRun = BatchSample.runOf(b.id());
      }
    }
    for (Batch b : run.batches()) {
      String of = BatchSample.runOf(b.id());
      if (b.submittedMillis() > run.killedAtMillis() && of != null && !of.equals(killedRun)) {
        int granted = grantedAt(run.grants(), b.submittedMillis());
        int cores = granted > 0 ? granted : b.cores() != null ? b.cores() : 1;
        int usable = model.partitions() > 0 ? Math.min(cores, model.partitions()) : cores;
        double beyond = b.durationMillis() / 1000.0 - model.batchSeconds(b.records(), usable);
        return new Simulator.DriverOutage(
            (run.killedAtMillis() - run.playStart()) / 1000.0,
            (b.submittedMillis() - run.playStart()) / 1000.0,
            Math.max(0, beyond));
      }
    }
    return null;
  }

  /**
   * The check's simulated loop: {@code loop}'s decisions after each batch and its looks between
   * reports (revision 10 on, as the real loop's timer takes them), from the {@code start} workers
   * the real run had. Before, the check's loop took no looks.
   */
  private static Controller fromWorkers(String name, Controller loop, int start) {
    return new Controller() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int initialWorkers(View view) {
        return start;
      }

      @Override
      public int afterBatch(Observation o, View view) {
        return loop.afterBatch(o, view);
      }

      @Override
      public double nextLookSeconds() {
        return loop.nextLookSeconds();
      }

      @Override
      public int onLook(double seconds, int desiredWorkers, View view) {
        return loop.onLook(seconds, desiredWorkers, view);
      }
    };
  }

  /**
   * {@code outage} moved to the simulated loop's scale-up. {@code ClosedLoopSparkIT} kills the
   * driver when it sees the loop scale up (0.8–1.3 s after it in the recorded runs), not at a time
   * of the trace: so the simulated driver dies as long after the simulated loop's scale-up (the
   * same one, counted from the start: usually the first) as the real one did after the real. At the
   * real kill's time a simulated loop that decided its scale-up a few seconds later would have
   * decided it only after the outage, a minute late. Unmoved when the real run made no scale-up by
   * the kill or the simulated one makes fewer (the outage's length and first batch are the run's).
   */
  static Simulator.DriverOutage atTheSimulatedScaleUp(
      Recorded run,
      Simulator.DriverOutage outage,
      Trace trace,
      SimConfig fitted,
      int minutes,
      java.util.function.Supplier<PolicyController> loop,
      int start) {
    if (outage == null) {
      return null;
    }
    int nth = 0;
    long realUp = -1;
    int desired = run.initialWorkers();
    for (Change c : run.changes()) {
      if (c.atMillis() > run.killedAtMillis()) {
        break;
      }
      if (c.to() > desired) {
        nth++;
        realUp = c.atMillis();
      }
      desired = c.to();
    }
    if (realUp < 0) {
      return outage;
    }
    PolicyController dry = loop.get();
    // as check's simulated loop: from the run's workers, deciding after batches and looking between
    Simulator.run(trace, fitted, fromWorkers("dry run", dry, start), minutes);
    int seen = 0;
    for (PolicyController.Decided d : dry.decisions) {
      if (d.action() == io.logwise.policy.scaling.ScalingDecision.Action.UPSCALE && ++seen == nth) {
        double from = d.batchCompletionMillis() / 1000.0 + (run.killedAtMillis() - realUp) / 1000.0;
        return new Simulator.DriverOutage(
            from,
            from + outage.untilSeconds() - outage.fromSeconds(),
            outage.firstBatchExtraSeconds());
      }
    }
    return outage;
  }

  /** The workers desired at {@code atMillis}: the last change's by then, else the initial. */
  private static int desiredAt(List<Change> changes, int initial, long atMillis) {
    int desired = initial;
    for (Change c : changes) {
      if (c.atMillis() <= atMillis) {
        desired = c.to();
      }
    }
    return desired;
  }

  /** Minutes whose desired workers differ by at most {@code tolerance}, as a share of all. */
  static double agreeing(SimRun a, SimRun b, int tolerance) {
    int n = Math.min(a.workers().length, b.workers().length);
    int close = 0;
    for (int i = 0; i < n; i++) {
      if (Math.abs(a.workers()[i] - b.workers()[i]) <= tolerance) {
        close++;
      }
    }
    return n == 0 ? 0 : close / (double) n;
  }

  /** Minutes with workers within ±1 that count as "most of the time". */
  static final double WORKERS_WITHIN_ONE = 0.75;

  /**
   * The issue's targets the simulated run misses against the real one, in words (none: all met):
   * workers within ±1 most of the time ({@link #WORKERS_WITHIN_ONE} of the minutes), SLO minutes
   * and p99 freshness within ±25 % — SLO minutes within one minute where 25 % is less, since a run
   * of a few minutes has only a few.
   */
  static List<String> missedTargets(SimRun real, SimRun sim) {
    List<String> missed = new ArrayList<>();
    double within = agreeing(real, sim, 1);
    if (within < WORKERS_WITHIN_ONE) {
      missed.add(
          String.format(Locale.ROOT, "workers within ±1 in %.0f %% of the minutes", 100 * within));
    }
    double slo = Math.max(1, 0.25 * real.minutesOverSlo());
    if (Math.abs(real.minutesOverSlo() - sim.minutesOverSlo()) > slo) {
      missed.add(
          String.format(
              Locale.ROOT,
              "SLO minutes %d real, %d simulated",
              real.minutesOverSlo(),
              sim.minutesOverSlo()));
    }
    if (Math.abs(real.p99FreshnessSeconds() - sim.p99FreshnessSeconds())
        > 0.25 * real.p99FreshnessSeconds()) {
      missed.add(
          String.format(
              Locale.ROOT,
              "p99 freshness %.0f s real, %.0f s simulated",
              real.p99FreshnessSeconds(),
              sim.p99FreshnessSeconds()));
    }
    return missed;
  }

  private static String table(String policy, Measured m, SimConfig model, SimRun real, SimRun sim) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "closed loop, %s: measured %.2f records/s per core (fitted on %d batches), overhead"
                + " %.2f s, %.2f s a wave of tasks, %.1f records/s shared, a new worker's first"
                + " batch %.1f s longer (%.1f s more for each further worker started with it), a"
                + " scale-down's %.1f s, boot %.0f s; %s; model %s%n%n",
            policy,
            m.perCore(),
            m.fitted(),
            m.overheadSeconds(),
            m.waveSeconds(),
            m.sharedPerSecond(),
            m.warmUpSeconds(),
            m.warmUpPerExtraWorkerSeconds(),
            m.rerunSeconds(),
            m.bootSeconds(),
            m.joinsFitted() == 0
                ? "no batch that new workers joined: a batch keeps the cores it started with"
                : String.format(
                    Locale.ROOT,
                    "new workers join a running batch %.1f s after their cores are granted, their"
                        + " first task %.1f s longer (fitted on %d batches)",
                    m.joinDelaySeconds(),
                    m.coldTaskSeconds(),
                    m.joinsFitted()),
            model));
    s.append("| | real | simulated |\n|---|---:|---:|\n");
    row(
        s,
        "SLO minutes (" + model.sloSeconds() + " s)",
        real.minutesOverSlo(),
        sim.minutesOverSlo());
    row(s, "p50 freshness, s", real.p50FreshnessSeconds(), sim.p50FreshnessSeconds());
    row(s, "p99 freshness, s", real.p99FreshnessSeconds(), sim.p99FreshnessSeconds());
    row(s, "actions", real.actions(), sim.actions());
    row(s, "worker-minutes", real.workerHours() * 60, sim.workerHours() * 60);
    row(s, "batches", real.batches(), sim.batches());
    s.append(
        String.format(
            Locale.ROOT,
            "| minutes with workers within ±1 | %.0f %% | |%n| minutes with workers equal | %.0f %%"
                + " | |%n%n",
            100 * agreeing(real, sim, 1),
            100 * agreeing(real, sim, 0)));
    List<String> missed = missedTargets(real, sim);
    s.append(
            missed.isEmpty()
                ? "targets (workers within ±1 most of the time, SLO minutes and p99 within ±25 %): met"
                : "targets missed: " + String.join("; ", missed))
        .append("\n\n");
    s.append("| minute | records/s | workers real | workers sim | longest wait real, s |")
        .append(" longest wait sim, s |\n|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < real.minutes(); i++) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %d | %d | %d | %d |%n",
              i,
              real.rate()[i],
              real.workers()[i],
              sim.workers()[i],
              real.maxWaitSeconds()[i],
              sim.maxWaitSeconds()[i]));
    }
    return s.toString();
  }

  private static void row(StringBuilder s, String what, double real, double sim) {
    s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", what, real, sim));
  }

  private static String csv(SimRun real, SimRun sim) {
    StringBuilder s =
        new StringBuilder(
            "minute,records_per_second,workers_real,workers_sim,max_wait_real_s,max_wait_sim_s\n");
    for (int i = 0; i < real.minutes(); i++) {
      s.append(
          String.join(
                  ",",
                  Arrays.asList(
                      String.valueOf(i),
                      String.valueOf(real.rate()[i]),
                      String.valueOf(real.workers()[i]),
                      String.valueOf(sim.workers()[i]),
                      String.valueOf(real.maxWaitSeconds()[i]),
                      String.valueOf(sim.maxWaitSeconds()[i])))
              + "\n");
    }
    return s.toString();
  }
}
