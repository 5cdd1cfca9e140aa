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
 * Writes a table, a per-minute CSV and a picture; asserts nothing about how close they are — the
 * figures are the result (docs/scaling.md, "The simulator against the real run").
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
   * @param bootSeconds from an acted scale-up to the job being granted more cores (median)
   * @param fitted batches the per-core rate and overheads were fitted on
   */
  record Measured(
      double perCore, double overheadSeconds, double waveSeconds, double bootSeconds, int fitted) {}

  /**
   * Fits duration = overhead + ⌈partitions / cores⌉ × wave + records / (cores × perCore) by least
   * squares over the batches that read something and are not the first of their query run
   * (warm-up); without a positive wave cost, the fit without it. The boot time is the median from
   * each acted scale-up to the first sample with more cores granted.
   */
  static Measured measure(
      List<Batch> batches, int partitions, List<Change> ups, List<Granted> grants) {
    List<double[]> xy = new ArrayList<>();
    BatchSample previous = null;
    for (Batch b : batches) {
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
      if (warmUp || b.records() <= 0 || b.cores() == null || b.cores() <= 0) {
        continue;
      }
      int waves = (partitions + b.cores() - 1) / b.cores();
      xy.add(
          new double[] {1, b.records() / (double) b.cores(), waves, b.durationMillis() / 1000.0});
    }
    double[] fit = leastSquares(xy, 3);
    if (fit == null || fit[2] <= 0 || fit[1] <= 0) {
      fit = leastSquares(xy, 2);
      if (fit == null || fit[1] <= 0) {
        throw new IllegalStateException("too few batches of different sizes to fit: " + xy.size());
      }
      fit = new double[] {fit[0], fit[1], 0};
    }
    double slope = fit[1];
    double overhead = Math.max(0, fit[0]);
    double wave = fit[2];
    List<Double> boots = new ArrayList<>();
    for (Change up : ups) {
      int before =
          grants.stream()
              .filter(g -> g.atMillis() <= up.atMillis())
              .mapToInt(Granted::appCores)
              .reduce((a, b) -> b)
              .orElse(0);
      grants.stream()
          .filter(g -> g.atMillis() > up.atMillis() && g.appCores() > before)
          .findFirst()
          .ifPresent(g -> boots.add((g.atMillis() - up.atMillis()) / 1000.0));
    }
    boots.sort(Double::compare);
    double boot = boots.isEmpty() ? 0 : boots.get(boots.size() / 2);
    return new Measured(1 / slope, overhead, wave, boot, xy.size());
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

  /**
   * Runs the check and writes {@code <policy>.md}, {@code .csv} and {@code .svg} into {@code out}.
   *
   * @param trace the records per second played, minute by minute, from {@code playStart}
   * @param model the run's fixed settings (trigger, cores, driver, bounds, partitions, SLO); the
   *     measured per-core rate, overhead and boot delay are set on it
   * @param initialWorkers the fleet when the trace started
   * @param killedAtMillis when the driver was killed, or 0: the table says so (the model has no
   *     driver outage, so such a run is not one to hold the model to)
   */
  static Result check(
      String policy,
      ScalingConfig scaling,
      Trace trace,
      long playStart,
      SimConfig model,
      int initialWorkers,
      List<Batch> batches,
      List<Change> changes,
      List<Granted> grants,
      long killedAtMillis,
      Path out)
      throws Exception {
    int minutes = trace.minutes();
    long end = playStart + minutes * 60_000L;
    List<Change> ups = new ArrayList<>();
    int last = initialWorkers;
    for (Change c : changes) {
      if (c.to() > last) {
        ups.add(c);
      }
      last = c.to();
    }
    Measured m = measure(batches, model.partitions(), ups, grants);
    SimConfig fitted =
        model.with(
            String.format(
                Locale.ROOT,
                "perCoreRecordsPerSecond=%.4f,batchOverheadSeconds=%.4f,taskWaveSeconds=%.4f,"
                    + "bootDelaySeconds=%d",
                m.perCore(),
                Math.min(m.overheadSeconds(), model.triggerSeconds() - 0.5),
                m.waveSeconds(),
                Math.round(m.bootSeconds())));

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

    Controller sized = new PolicyController(scaling, 600_000L + fitted.bootDelaySeconds() * 1000L);
    int start = before;
    Controller controller =
        new Controller() {
          @Override
          public String name() {
            return "simulated " + policy;
          }

          @Override
          public int initialWorkers(View view) {
            return start;
          }

          @Override
          public int afterBatch(Observation o, View view) {
            return sized.afterBatch(o, view);
          }
        };
    SimRun simRun = Simulator.run(trace, fitted, controller, minutes);

    String table =
        (killedAtMillis > 0
                ? String.format(
                    Locale.ROOT,
                    "the driver was killed %.0f s into the trace: the model has no driver outage%n",
                    (killedAtMillis - playStart) / 1000.0)
                : "")
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

  private static String table(String policy, Measured m, SimConfig model, SimRun real, SimRun sim) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "closed loop, %s: measured %.2f records/s per core (fitted on %d batches), overhead"
                + " %.2f s, %.2f s a wave of tasks, boot %.0f s; model %s%n%n",
            policy,
            m.perCore(),
            m.fitted(),
            m.overheadSeconds(),
            m.waveSeconds(),
            m.bootSeconds(),
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
