package io.logwise.policy.scaling;

import io.logwise.policy.scaling.ScalingDecision.Why;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Sizes the fleet from measured rates, in the manner of the Flink Kubernetes operator's autoscaler
 * (DS2: measure the true processing rate, compute the parallelism that sustains the input rate,
 * converge in one step):
 *
 * <ul>
 *   <li>processing rate per core = Σ records / Σ (busy seconds × cores) over the recent batches,
 *       busy = duration − batch overhead (not the reference's static records-per-core constant);
 *   <li>input rate from the growth of Kafka's latest offsets (read through + lag) between batch
 *       reports, over the last two reports (fast) and the whole window (slow), the larger;
 *   <li>target rate = input / target utilisation + backlog / catch-up time + what piles up while
 *       new workers boot (input − current capacity, for the boot delay) / catch-up time; the
 *       backlog is the lag beyond one trigger's worth of input (a batch always ends with the
 *       records that arrived while it ran);
 *   <li>workers = ⌈target rate / per-worker capacity⌉, capped at the partitions the job can use;
 *   <li>up at once; down lazily: only with no backlog, after the stabilisation time, and after
 *       asking for fewer for the whole scale-down window — then to the window's highest ask, at
 *       most a fraction per step (merged, never flapping);
 *   <li>a scale-up that did not raise the measured capacity is ineffective: no further scale-up
 *       above it for an hour.
 * </ul>
 */
public final class AdaptiveScalingPolicy implements ScalingPolicy {

  private static final long INEFFECTIVE_HOLD_MILLIS = 3_600_000;
  private static final double SURGE = 1.1;

  @Override
  public ScalingDecision decide(ScalingInput in) {
    ScalingConfig c = in.config();
    AdaptiveConfig a = c.adaptiveOrDefaults();
    int actual = in.actualWorkers();
    boolean up = in.upscaleEnabled();
    boolean down = in.downscaleEnabled();
    if (!up && !down) {
      return ScalingDecision.noChange(
          actual, null, Why.BOTH_DISABLED, "upscale and downscale are both disabled");
    }
    List<BatchSample> batches = new ArrayList<>(in.history());
    batches.sort(Comparator.comparingLong(BatchSample::completionTime));
    if (batches.size() > a.rateWindowBatches()) {
      batches = batches.subList(batches.size() - a.rateWindowBatches(), batches.size());
    }
    if (batches.isEmpty() || actual == 0) {
      return batches.isEmpty()
          ? ScalingDecision.noChange(
              actual, null, Why.NOT_ENOUGH_DATA, "not enough data: no batch yet")
          : ScalingDecision.noChange(actual, null, Why.NO_WORKERS, "no workers reported");
    }
    BatchSample newest = batches.get(batches.size() - 1);
    double perCore = processingRatePerCore(batches, a, c);
    double perWorker =
        perCore
            * c.coresPerWorker()
            * (a.triggerSeconds() - a.batchOverheadSeconds())
            / a.triggerSeconds();
    Double fast = inputRate(batches, 2);
    Double slow = inputRate(batches, batches.size());
    double smooth = slow != null ? slow : newest.inputRecords() / (double) a.triggerSeconds();
    // the window's rate, unless the last minutes rose well above it (a surge)
    double input = fast != null && fast > smooth * SURGE ? fast : smooth;
    long lag = newest.kafkaLag() == null ? 0 : Math.max(0, newest.kafkaLag());
    double capacity = actual * perWorker;
    double piling = Math.max(0, input - capacity) * a.bootDelaySeconds();
    // at a batch's end the records that came in while it ran are normal, not a backlog
    double backlog = Math.max(0, lag - input * a.triggerSeconds());
    double target = input / a.targetUtilization() + (backlog + piling) / a.catchUpSeconds();
    int wanted = (int) Math.ceil(target / perWorker - 1e-9);
    int cap = c.maxWorkers();
    String capNote = "";
    if (newest.partitions() != null && newest.partitions() > 0) {
      int usable = (int) Math.ceil(newest.partitions() / (double) c.coresPerWorker());
      if (usable < cap) {
        cap = usable;
        capNote = ", capped at the " + newest.partitions() + " partitions";
      }
    }
    wanted = Math.max(c.minWorkers(), Math.min(cap, wanted));

    AdaptiveMemory memory = judge(in.memory(), in, perCore);
    memory = memory.asked(in.nowMillis(), wanted, a.scaleDownWindowSeconds() * 1000L);
    String numbers =
        String.format(
            Locale.ROOT,
            "input %.0f/s, lag %d, %.0f/s per core: target %.0f/s needs %d workers%s",
            input,
            lag,
            perCore,
            target,
            wanted,
            capNote);
    Sizing sizing = new Sizing(input, perCore, lag, capacity, wanted * perWorker, target);

    if (wanted > actual) {
      if (!up) {
        return noChange(
            actual,
            wanted,
            Why.UPSCALE_DISABLED,
            numbers + "; upscale is disabled",
            sizing,
            memory);
      }
      if (memory.ineffectiveCap() != null
          && in.nowMillis() < memory.ineffectiveUntilMillis()
          && actual >= memory.ineffectiveCap()) {
        return noChange(
            actual,
            wanted,
            Why.INEFFECTIVE_UPSCALE,
            numbers + "; the last scale-up to " + memory.ineffectiveCap() + " did not add capacity",
            sizing,
            memory);
      }
      int to = Math.min(actual + c.maxUpscaleStep(), wanted);
      if (memory.ineffectiveCap() != null && in.nowMillis() < memory.ineffectiveUntilMillis()) {
        to = Math.min(to, memory.ineffectiveCap());
      }
      if (to - actual < c.minUpscaleStep()) {
        return noChange(
            actual,
            wanted,
            Why.BELOW_MIN_STEP,
            numbers + "; below the minimum upscale step",
            sizing,
            memory);
      }
      memory = memory.upscaled(new AdaptiveMemory.Upscale(in.nowMillis(), actual, to, perCore));
      return change(actual, to, wanted, numbers, sizing, perWorker, memory);
    }
    if (wanted < actual) {
      if (!down) {
        return noChange(
            actual,
            wanted,
            Why.DOWNSCALE_DISABLED,
            numbers + "; downscale is disabled",
            sizing,
            memory);
      }
      if (lag > input * a.triggerSeconds()) {
        return noChange(
            actual,
            wanted,
            Why.BACKLOG_DRAINING,
            numbers + "; not while a backlog drains",
            sizing,
            memory);
      }
      if (in.nowMillis() - in.lastChangeAtMillis() < a.stabilizationSeconds() * 1000L) {
        return noChange(
            actual,
            wanted,
            Why.STABILISING,
            numbers + "; stabilising after the last change",
            sizing,
            memory);
      }
      long windowStart = in.nowMillis() - a.scaleDownWindowSeconds() * 1000L;
      boolean fullWindow =
          memory.asks().stream()
              .anyMatch(x -> x.atMillis() <= windowStart + 1000L * a.triggerSeconds());
      int highest =
          memory.asks().stream().mapToInt(AdaptiveMemory.Ask::workers).max().orElse(actual);
      int lowest =
          memory.asks().stream().mapToInt(AdaptiveMemory.Ask::workers).min().orElse(actual);
      // merged: only once the asks have settled (all within one worker of each other) for the
      // whole window, so a falling load is followed in one step, not a staircase
      boolean settled = highest - lowest <= Math.max(1, highest / 10);
      if (!fullWindow || !settled || highest >= actual) {
        return noChange(
            actual,
            wanted,
            Why.WINDOW_NOT_SETTLED,
            numbers + "; fewer asked for less than the " + a.scaleDownWindowSeconds() + "s window",
            sizing,
            memory);
      }
      // one merged step to the window's highest ask, at most maxDownscaleStep workers
      int to = Math.max(highest, actual - c.maxDownscaleStep());
      return change(
          actual,
          to,
          wanted,
          numbers + "; the window's highest ask was " + highest,
          sizing,
          perWorker,
          memory);
    }
    return noChange(actual, wanted, Why.AT_TARGET, numbers + "; have " + actual, sizing, memory);
  }

  /** Σ records / Σ busy core-seconds; the configured constant until a batch was measured. */
  static double processingRatePerCore(
      List<BatchSample> batches, AdaptiveConfig a, ScalingConfig c) {
    double records = 0;
    double coreSeconds = 0;
    for (BatchSample b : batches) {
      double busy = (b.completionTime() - b.submissionTime()) / 1000.0 - a.batchOverheadSeconds();
      if (b.inputRecords() <= 0 || busy < 1 || b.coresUsed() == null || b.coresUsed() <= 0) {
        continue;
      }
      records += b.inputRecords();
      coreSeconds += busy * b.coresUsed();
    }
    return coreSeconds > 0
        ? records / coreSeconds
        : c.perCoreRecordsPerBatch() / (double) a.triggerSeconds();
  }

  /** Records/s arriving over the last {@code n} reports, from the latest offsets; or null. */
  static Double inputRate(List<BatchSample> batches, int n) {
    List<BatchSample> known = batches.stream().filter(b -> b.latestOffsetSum() != null).toList();
    if (known.size() < 2) {
      return null;
    }
    BatchSample last = known.get(known.size() - 1);
    BatchSample first = known.get(Math.max(0, known.size() - n));
    double seconds = (last.completionTime() - first.completionTime()) / 1000.0;
    if (seconds <= 0 || last.latestOffsetSum() < first.latestOffsetSum()) {
      return null;
    }
    return (last.latestOffsetSum() - first.latestOffsetSum()) / seconds;
  }

  /**
   * Judges the last scale-up once its workers had time to boot and run two batches: if the measured
   * per-core rate fell so far that the new workers added less than half the capacity they should,
   * no scale-up above that count for an hour.
   */
  private static AdaptiveMemory judge(AdaptiveMemory m, ScalingInput in, double perCore) {
    AdaptiveMemory.Upscale u = m.lastUpscale();
    AdaptiveConfig a = in.config().adaptiveOrDefaults();
    if (u == null
        || in.nowMillis() - u.atMillis()
            < 1000L * (a.bootDelaySeconds() + 2L * a.triggerSeconds())) {
      return m;
    }
    double before = u.from() * u.ratePerCoreBefore();
    double after = u.to() * perCore;
    double expectedGain = (u.to() - u.from()) * u.ratePerCoreBefore();
    boolean ineffective = after - before < 0.5 * expectedGain;
    return ineffective
        ? m.judged(u.to(), in.nowMillis() + INEFFECTIVE_HOLD_MILLIS)
        : m.judged(m.ineffectiveCap(), m.ineffectiveUntilMillis());
  }

  /** {@code workers p→p′, capacity c→c′/s: why}, with the sizing's capacity after the change. */
  private static ScalingDecision change(
      int actual,
      int to,
      int wanted,
      String why,
      Sizing sizing,
      double perWorker,
      AdaptiveMemory memory) {
    double after = to * perWorker;
    return ScalingDecision.scaleTo(
            actual,
            to,
            wanted,
            "workers "
                + actual
                + "→"
                + to
                + ", capacity "
                + f(sizing.capacityBefore())
                + "→"
                + f(after)
                + "/s: "
                + why)
        .with(
            new Sizing(
                sizing.inputRatePerSecond(),
                sizing.processingRatePerCore(),
                sizing.lag(),
                sizing.capacityBefore(),
                after,
                sizing.targetRatePerSecond()),
            memory);
  }

  private static ScalingDecision noChange(
      int actual, int wanted, Why why, String reason, Sizing sizing, AdaptiveMemory memory) {
    return ScalingDecision.noChange(actual, wanted, why, reason).with(sizing, memory);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
