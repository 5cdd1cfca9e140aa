package io.logwise.policy.sim;

/**
 * The simulated data plane, one model for every policy (docs/scaling.md, "The simulated data
 * plane").
 *
 * @param triggerSeconds Spark's trigger interval; a batch that overruns is followed at once
 * @param perCoreRecordsPerSecond what one core processes while busy (500,000 a minute)
 * @param coresPerWorker cores of one Spark worker
 * @param batchOverheadSeconds fixed cost of every micro-batch
 * @param bootDelaySeconds a new worker adds capacity this long after it is asked for
 * @param maxOffsetsPerTrigger records one batch takes at most; 0 = all that is there
 * @param partitions Kafka partitions the job reads (parallelism above them is idle); 0 = unlimited
 * @param compactInterval the file sink compacts its metadata log every this many batches
 * @param sloSeconds a record waiting longer than this misses the freshness SLO
 * @param warmupMinutes minutes not counted at the start
 * @param minWorkers the fleet's floor
 * @param maxWorkers the fleet's ceiling (0 = twice the trace's peak need)
 */
public record SimConfig(
    int triggerSeconds,
    double perCoreRecordsPerSecond,
    int coresPerWorker,
    double batchOverheadSeconds,
    int bootDelaySeconds,
    long maxOffsetsPerTrigger,
    int partitions,
    int compactInterval,
    int sloSeconds,
    int warmupMinutes,
    int minWorkers,
    int maxWorkers) {

  public static final SimConfig DEFAULTS =
      new SimConfig(60, 500_000 / 60.0, 2, 5, 180, 0, 0, 10, 300, 30, 1, 0);

  public SimConfig {
    if (triggerSeconds < 1 || perCoreRecordsPerSecond <= 0 || coresPerWorker < 1) {
      throw new IllegalArgumentException(
          "trigger, per-core rate and cores per worker must be positive");
    }
    if (batchOverheadSeconds < 0 || batchOverheadSeconds >= triggerSeconds) {
      throw new IllegalArgumentException("batch overhead must be in [0, trigger)");
    }
    if (bootDelaySeconds < 0 || sloSeconds < 1 || warmupMinutes < 0 || minWorkers < 1) {
      throw new IllegalArgumentException("boot delay, SLO, warm-up and min workers out of range");
    }
  }

  public SimConfig withBootDelay(int seconds) {
    return new SimConfig(
        triggerSeconds,
        perCoreRecordsPerSecond,
        coresPerWorker,
        batchOverheadSeconds,
        seconds,
        maxOffsetsPerTrigger,
        partitions,
        compactInterval,
        sloSeconds,
        warmupMinutes,
        minWorkers,
        maxWorkers);
  }

  public SimConfig withMaxWorkers(int max) {
    return new SimConfig(
        triggerSeconds,
        perCoreRecordsPerSecond,
        coresPerWorker,
        batchOverheadSeconds,
        bootDelaySeconds,
        maxOffsetsPerTrigger,
        partitions,
        compactInterval,
        sloSeconds,
        warmupMinutes,
        minWorkers,
        max);
  }

  /** Records one worker processes per second of wall time, overhead included. */
  public double workerRecordsPerSecond() {
    return perCoreRecordsPerSecond
        * coresPerWorker
        * (triggerSeconds - batchOverheadSeconds)
        / triggerSeconds;
  }

  /** Workers that keep up with {@code recordsPerSecond} exactly (no headroom). */
  public int workersFor(double recordsPerSecond) {
    return Math.max(
        minWorkers, (int) Math.ceil(recordsPerSecond / workerRecordsPerSecond() - 1e-9));
  }
}
