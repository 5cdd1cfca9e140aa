package io.logwise.policy.scaling;

import io.logwise.policy.scaling.ScalingDecision.Why;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference system's sizing (§4.1–§4.4), reproduced exactly, with two fixes: a zero in the
 * history no longer yields an infinite growth buffer that overflowed into a downscale under rising
 * load (growth terms with a zero denominator are skipped; no terms means no buffer), and a batch
 * without {@code coresUsed} is used like any other.
 */
public final class ClassicScalingPolicy implements ScalingPolicy {

  private static final Pattern WAL = Pattern.compile("(\\d+)(\\.compact)?");

  @Override
  public ScalingDecision decide(ScalingInput in) {
    ScalingConfig c = in.config();
    int actual = in.actualWorkers();
    boolean up = in.upscaleEnabled();
    boolean down = in.downscaleEnabled();
    if (!up && !down) {
      return ScalingDecision.noChange(
          actual, null, Why.BOTH_DISABLED, "upscale and downscale are both disabled");
    }
    Optional<Wal> latest = latestWal(in.walFiles());
    if (latest.isEmpty()) {
      return ScalingDecision.noChange(
          actual, null, Why.NO_WAL, "no WAL file under _spark_metadata");
    }
    if (latest.get().compacted()) {
      return ScalingDecision.noChange(
          actual,
          null,
          Why.WAL_COMPACTED,
          "latest WAL file " + latest.get().name() + " is compacted");
    }
    long w = latest.get().number();
    // a batch whose number ends in 7, 8 or 9 is close to the next compaction: keep 50 % headroom
    double walBuffer = w % 10 >= 7 ? 0.5 : 0;
    boolean downscaleAllowed = down && w % 10 != 8;

    Integer expected = expectedWorkers(c, in.history(), walBuffer);
    if (expected == null || expected == 0 || actual == 0) {
      return ScalingDecision.noChange(
          actual,
          null,
          actual == 0 && in.history().size() >= c.historySize()
              ? Why.NO_WORKERS
              : Why.NOT_ENOUGH_DATA,
          notEnoughData(c, in.history().size(), expected, actual));
    }
    int e = Math.min(c.maxWorkers(), Math.max(c.minWorkers(), expected));
    if (e == actual) {
      return ScalingDecision.noChange(
          actual, e, Why.AT_TARGET, "expected " + e + " workers, have " + actual);
    }
    if (e < actual && downscaleAllowed && actual - e >= c.minDownscaleStep()) {
      int d = Math.min(c.maxDownscaleStep(), actual - e);
      if (1 - (double) e / actual >= c.maxDownscaleFraction()) {
        // a big gap moves at most ceil(fraction · actual) per evaluation
        d = Math.min(c.maxDownscaleStep(), (int) Math.ceil(actual * c.maxDownscaleFraction()));
      }
      return ScalingDecision.scaleTo(
          actual, actual - d, e, "expected " + e + " workers, have " + actual + ": remove " + d);
    }
    if (e > actual && up && e - actual >= c.minUpscaleStep()) {
      int add = Math.min(c.maxUpscaleStep(), e - actual);
      return ScalingDecision.scaleTo(
          actual, actual + add, e, "expected " + e + " workers, have " + actual + ": add " + add);
    }
    Why why =
        e < actual
            ? (!down
                ? Why.DOWNSCALE_DISABLED
                : !downscaleAllowed ? Why.BEFORE_COMPACTION : Why.BELOW_MIN_STEP)
            : up ? Why.BELOW_MIN_STEP : Why.UPSCALE_DISABLED;
    return ScalingDecision.noChange(
        actual, e, why, ignoredBecause(c, e, actual, up, downscaleAllowed, down));
  }

  /** ceil(ceil((maxIR + ceil(buffer · maxIR)) / perCore) / coresPerWorker), or null. */
  static Integer expectedWorkers(ScalingConfig c, List<BatchSample> history, double walBuffer) {
    if (history.size() < c.historySize()) {
      return null;
    }
    List<BatchSample> newest = new ArrayList<>(history);
    newest.sort(Comparator.comparingLong(BatchSample::submissionTime).reversed());
    List<Long> ir =
        newest.subList(0, c.historySize()).stream().map(BatchSample::inputRecords).toList();
    long maxIr = ir.stream().mapToLong(Long::longValue).max().orElse(0);
    double total = growthBuffer(ir, maxIr) + walBuffer;
    long target = maxIr + (long) Math.ceil(total * maxIr);
    long cores =
        BigDecimal.valueOf(target)
            .divide(BigDecimal.valueOf(c.perCoreRecordsPerBatch()), 0, RoundingMode.CEILING)
            .longValueExact();
    if (cores == 0) {
      return null;
    }
    long workers = (cores + c.coresPerWorker() - 1) / c.coresPerWorker();
    return (int) Math.min(Integer.MAX_VALUE, workers);
  }

  /**
   * Mean relative growth between consecutive batches (newest first), only when the newest batches
   * never shrink (the reference checks all but the oldest) and the newest is the largest.
   */
  static double growthBuffer(List<Long> ir, long maxIr) {
    for (int i = 1; i < ir.size() - 1; i++) {
      if (ir.get(i - 1) < ir.get(i)) {
        return 0;
      }
    }
    if (ir.get(0) != maxIr) {
      return 0;
    }
    double sum = 0;
    int terms = 0;
    for (int i = 0; i < ir.size() - 1; i++) {
      long older = ir.get(i + 1);
      if (older == 0) {
        continue; // the reference divided by zero here
      }
      sum += (double) (ir.get(i) - older) / older;
      terms++;
    }
    return terms == 0 ? 0 : Math.max(0, sum / terms);
  }

  record Wal(String name, long number, boolean compacted) {}

  /** The highest-numbered WAL file, {@code .compact} or not; other names are ignored. */
  static Optional<Wal> latestWal(List<String> files) {
    Wal best = null;
    for (String raw : files) {
      String name = raw.trim();
      Matcher m = WAL.matcher(name);
      if (!m.matches() || m.group(1).length() > 18) {
        continue;
      }
      Wal wal = new Wal(name, Long.parseLong(m.group(1)), m.group(2) != null);
      if (best == null || wal.number() > best.number()) {
        best = wal;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String notEnoughData(ScalingConfig c, int batches, Integer expected, int actual) {
    if (batches < c.historySize()) {
      return "not enough data: " + batches + " of " + c.historySize() + " batches";
    }
    if (actual == 0) {
      return "not enough data: no workers reported by the fleet";
    }
    return "not enough data: expected " + expected + " workers";
  }

  private static String ignoredBecause(
      ScalingConfig c, int e, int actual, boolean up, boolean downscaleAllowed, boolean down) {
    if (e < actual) {
      if (!down) {
        return "expected " + e + " workers, have " + actual + ": downscale is disabled";
      }
      if (!downscaleAllowed) {
        return "expected "
            + e
            + " workers, have "
            + actual
            + ": no downscale right before a WAL compaction";
      }
      return "expected "
          + e
          + " workers, have "
          + actual
          + ": gap below the minimum downscale step "
          + c.minDownscaleStep();
    }
    return up
        ? "expected "
            + e
            + " workers, have "
            + actual
            + ": gap below the minimum upscale step "
            + c.minUpscaleStep()
        : "expected " + e + " workers, have " + actual + ": upscale is disabled";
  }
}
