package io.logwise.policy.sim;

/**
 * The simulated data plane, one model for every policy (docs/scaling.md, "The simulated data
 * plane").
 *
 * <p>The oracle baselines ({@link #workersFor}) size on the per-core rate and the overhead alone:
 * with driver cores, waves, a shared rate, warm-up or re-run set they under-size.
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
 * @param driverCores cores the driver holds on the first worker (a standalone cluster runs the
 *     driver on a worker, in cluster mode); 0 = the driver runs elsewhere
 * @param taskWaveSeconds what each wave of tasks adds to a batch: a batch runs one task per Kafka
 *     partition, ⌈partitions / cores⌉ waves of them, each paying task launch and scheduling; 0 =
 *     none (the overhead is all per batch); {@link #batchSeconds}
 * @param sharedRecordsPerSecond what the parts every core shares take per second: each record also
 *     costs a batch 1 / this, however many cores run it (Amdahl's serial part: on one machine its
 *     CPUs, which every executor shares; in a cluster the driver or the sink); 0 = unlimited
 * @param workerWarmUpSeconds what the first batch to start after a worker became ready pays on top
 *     (its executor's JVM, Kafka consumers, storage client and compiled code start cold); the
 *     workers the run starts with are warm; 0 = none
 * @param scaleDownRerunSeconds what the first batch after a booted worker is removed pays on top
 *     (the tasks its executors held run again elsewhere); 0 = none
 * @param joinRunningBatch 1: workers that become ready while a batch runs take its tasks that have
 *     not started ({@code joinDelaySeconds} after, the first costing {@code coldTaskSeconds} more),
 *     as Spark offers a registering executor the running stage's pending tasks, and the batch
 *     reports the cores live at its end, as the listener does; 0 (the default): a batch runs on the
 *     cores it started with and reports those (docs/scaling.md)
 * @param warmUpPerExtraWorkerSeconds what each further worker that became ready since the batch
 *     before started adds to the next batch's warm-up: workers started together warm up together,
 *     and where they share CPUs (every worker of this machine's closed-loop runs shares two) each
 *     one's JVM starts slower; 0 = the warm-up is the same however many start (docs/scaling.md). A
 *     worker that took a running batch's task ({@code joinRunningBatch}) is warm for the next batch
 * @param joinDelaySeconds with {@code joinRunningBatch}: how long after a worker became ready its
 *     executor can take a running batch's tasks (its JVM starting and registering with the driver);
 *     0 = at once
 * @param coldTaskSeconds with {@code joinRunningBatch}: what a joining worker's first task takes on
 *     top (its executor's Kafka consumers, storage client and compiled code start cold): a batch
 *     waits for it, so a worker that joins late can make a batch longer than the cores it started
 *     with would have, as Spark hands a registering executor a pending task without knowing it will
 *     be slow; without partitions, how much later its cores count; 0 = none (docs/scaling.md, "A
 *     batch that new workers join")
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
    int maxWorkers,
    int driverCores,
    double taskWaveSeconds,
    double sharedRecordsPerSecond,
    double workerWarmUpSeconds,
    double scaleDownRerunSeconds,
    int joinRunningBatch,
    double warmUpPerExtraWorkerSeconds,
    double joinDelaySeconds,
    double coldTaskSeconds) {

  public static final SimConfig DEFAULTS =
      new SimConfig(
          60, 500_000 / 60.0, 2, 5, 180, 0, 0, 10, 300, 30, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The names {@link #with(String)} takes, in the components' order. */
  public static final java.util.List<String> KEYS =
      java.util.List.of(
          "triggerSeconds",
          "perCoreRecordsPerSecond",
          "coresPerWorker",
          "batchOverheadSeconds",
          "bootDelaySeconds",
          "maxOffsetsPerTrigger",
          "partitions",
          "compactInterval",
          "sloSeconds",
          "warmupMinutes",
          "minWorkers",
          "maxWorkers",
          "driverCores",
          "taskWaveSeconds",
          "sharedRecordsPerSecond",
          "workerWarmUpSeconds",
          "scaleDownRerunSeconds",
          "joinRunningBatch",
          "warmUpPerExtraWorkerSeconds",
          "joinDelaySeconds",
          "coldTaskSeconds");

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
    if (maxOffsetsPerTrigger < 0 || partitions < 0 || compactInterval < 0 || maxWorkers < 0) {
      throw new IllegalArgumentException(
          "maxOffsetsPerTrigger, partitions, compactInterval and maxWorkers must be >= 0");
    }
    if (driverCores < 0 || driverCores >= coresPerWorker) {
      throw new IllegalArgumentException("driver cores must be in [0, cores per worker)");
    }
    if (taskWaveSeconds < 0 || Double.isNaN(taskWaveSeconds)) {
      throw new IllegalArgumentException("task wave seconds must be >= 0");
    }
    if (sharedRecordsPerSecond < 0 || Double.isNaN(sharedRecordsPerSecond)) {
      throw new IllegalArgumentException("shared records per second must be >= 0");
    }
    if (workerWarmUpSeconds < 0 || Double.isNaN(workerWarmUpSeconds)) {
      throw new IllegalArgumentException("worker warm-up seconds must be >= 0");
    }
    if (scaleDownRerunSeconds < 0 || Double.isNaN(scaleDownRerunSeconds)) {
      throw new IllegalArgumentException("scale-down re-run seconds must be >= 0");
    }
    if (joinRunningBatch != 0 && joinRunningBatch != 1) {
      throw new IllegalArgumentException("joinRunningBatch must be 0 or 1");
    }
    if (warmUpPerExtraWorkerSeconds < 0 || Double.isNaN(warmUpPerExtraWorkerSeconds)) {
      throw new IllegalArgumentException("warm-up per extra worker seconds must be >= 0");
    }
    if (joinDelaySeconds < 0 || Double.isNaN(joinDelaySeconds)) {
      throw new IllegalArgumentException("join delay seconds must be >= 0");
    }
    if (coldTaskSeconds < 0 || Double.isNaN(coldTaskSeconds)) {
      throw new IllegalArgumentException("cold task seconds must be >= 0");
    }
  }

  public SimConfig withBootDelay(int seconds) {
    return withFleet(seconds, maxWorkers);
  }

  public SimConfig withMaxWorkers(int max) {
    return withFleet(bootDelaySeconds, max);
  }

  /** This model with another boot delay and fleet ceiling. */
  private SimConfig withFleet(int bootSeconds, int max) {
    return new SimConfig(
        triggerSeconds,
        perCoreRecordsPerSecond,
        coresPerWorker,
        batchOverheadSeconds,
        bootSeconds,
        maxOffsetsPerTrigger,
        partitions,
        compactInterval,
        sloSeconds,
        warmupMinutes,
        minWorkers,
        max,
        driverCores,
        taskWaveSeconds,
        sharedRecordsPerSecond,
        workerWarmUpSeconds,
        scaleDownRerunSeconds,
        joinRunningBatch,
        warmUpPerExtraWorkerSeconds,
        joinDelaySeconds,
        coldTaskSeconds);
  }

  /**
   * This model with {@code spec}'s values, {@code key=value} separated by commas (keys: {@link
   * #KEYS}; e.g. {@code triggerSeconds=5,perCoreRecordsPerSecond=15,driverCores=1}). Refused with
   * every problem named.
   */
  public SimConfig with(String spec) {
    double[] v = {
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
      maxWorkers,
      driverCores,
      taskWaveSeconds,
      sharedRecordsPerSecond,
      workerWarmUpSeconds,
      scaleDownRerunSeconds,
      joinRunningBatch,
      warmUpPerExtraWorkerSeconds,
      joinDelaySeconds,
      coldTaskSeconds
    };
    java.util.List<String> problems = new java.util.ArrayList<>();
    boolean unknownKey = false;
    for (String pair : spec == null ? new String[0] : spec.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
      int at = KEYS.indexOf(key);
      if (eq < 0 || at < 0) {
        problems.add("'" + pair.trim() + "': expected key=value with a known key");
        unknownKey = true;
        continue;
      }
      String value = pair.substring(eq + 1).trim();
      try {
        double d = Double.parseDouble(value);
        // a double component takes a fraction, the others whole numbers
        boolean fraction = SimConfig.class.getRecordComponents()[at].getType() == double.class;
        if (!fraction && d != Math.rint(d) || Double.isNaN(d) || Double.isInfinite(d)) {
          problems.add(key + ": '" + value + "' is not a whole number");
        } else {
          v[at] = d;
        }
      } catch (NumberFormatException e) {
        problems.add(key + ": '" + value + "' is not a number");
      }
    }
    if (problems.isEmpty()) {
      try {
        return new SimConfig(
            (int) v[0],
            v[1],
            (int) v[2],
            v[3],
            (int) v[4],
            (long) v[5],
            (int) v[6],
            (int) v[7],
            (int) v[8],
            (int) v[9],
            (int) v[10],
            (int) v[11],
            (int) v[12],
            v[13],
            v[14],
            v[15],
            v[16],
            (int) v[17],
            v[18],
            v[19],
            v[20]);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    throw new IllegalArgumentException(
        "model: "
            + String.join("; ", problems)
            + (unknownKey ? " (keys: " + String.join(", ", KEYS) + ")" : ""));
  }

  /**
   * A batch that workers joined while it ran ({@link #joinedBatch}): its seconds, and which of the
   * joining workers took one of its tasks (and so are warm for the next batch).
   */
  public record Joined(double seconds, boolean[] took) {}

  /**
   * A batch of {@code records} that starts on {@code cores} executor cores and that workers join
   * while it runs ({@code joinRunningBatch}): joining worker {@code i}'s {@code joinCores[i]} cores
   * can take the tasks not yet started from {@code joinAfter[i]} seconds into the batch plus {@code
   * joinDelaySeconds}. With the partitions known each task goes to the first free core, as Spark
   * offers them, and a joining core's first task takes {@code coldTaskSeconds} more: the batch
   * waits for it, so with a cold cost a late joiner can make the batch longer than its own cores
   * would have. Without partitions the work is fluid and a joining core counts from its join plus
   * the cold cost, never making the batch longer.
   */
  public Joined joinedBatch(double records, int cores, double[] joinAfter, int[] joinCores) {
    boolean[] took = new boolean[joinAfter.length];
    double whole = batchSeconds(records, partitions > 0 ? Math.min(cores, partitions) : cores);
    double fixed = fixedSeconds(records);
    if (partitions > 0) {
      double task = taskSeconds(records);
      // {free at, joiner (-1: the batch's own cores), the next task is cold (1)}; of cores free at
      // the same time the batch's own go first, then the joiners in order
      java.util.PriorityQueue<double[]> free =
          new java.util.PriorityQueue<>(
              java.util.Comparator.<double[]>comparingDouble(a -> a[0])
                  .thenComparingDouble(a -> a[1]));
      for (int c = 0; c < cores; c++) {
        free.add(new double[] {fixed, -1, 0});
      }
      for (int i = 0; i < joinAfter.length; i++) {
        for (int c = 0; c < joinCores[i]; c++) {
          free.add(new double[] {Math.max(fixed, joinAfter[i] + joinDelaySeconds), i, 1});
        }
      }
      double done = fixed;
      for (int k = 0; k < partitions; k++) {
        double[] core = free.poll();
        double at = core[0] + task + (core[2] == 1 ? coldTaskSeconds : 0);
        if (core[1] >= 0) {
          took[(int) core[1]] = true;
        }
        done = Math.max(done, at);
        free.add(new double[] {at, core[1], 0});
      }
      return new Joined(coldTaskSeconds > 0 ? done : Math.min(whole, done), took);
    }
    double work = taskWaveSeconds * cores + records / perCoreRecordsPerSecond; // core-seconds
    double at = fixed;
    int c = cores;
    Integer[] order = new Integer[joinAfter.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> joinAfter[i]));
    for (int i : order) {
      double joins = joinAfter[i] + joinDelaySeconds + coldTaskSeconds;
      if (joins > at) {
        if (work <= c * (joins - at)) {
          return new Joined(at + work / c, took);
        }
        work -= c * (joins - at);
        at = joins;
      }
      took[i] = true;
      c += joinCores[i];
    }
    return new Joined(at + work / c, took);
  }

  /**
   * Seconds a batch of {@code records} takes on {@code cores} usable cores: the overhead, then the
   * records. With the partitions known a batch runs one task per partition, each reading its share
   * of the records, in ⌈partitions / cores⌉ waves, and every wave costs {@code taskWaveSeconds}
   * plus one task's records: ten partitions on three cores take four waves, as long as 2.5 cores
   * would take, not 3.3. With the partitions unknown the records spread over the cores evenly, in
   * one wave. Every record also costs what the shared parts take ({@code sharedRecordsPerSecond}),
   * on no matter how many cores.
   */
  public double batchSeconds(double records, int cores) {
    if (partitions > 0) {
      int waves = (partitions + cores - 1) / cores;
      return fixedSeconds(records) + waves * taskSeconds(records);
    }
    return fixedSeconds(records) + taskWaveSeconds + records / (cores * perCoreRecordsPerSecond);
  }

  /**
   * What a batch of {@code records} takes however many cores run it: the overhead, the shared
   * parts.
   */
  public double fixedSeconds(double records) {
    return batchOverheadSeconds
        + (sharedRecordsPerSecond > 0 ? records / sharedRecordsPerSecond : 0);
  }

  /** One task of a batch of {@code records} over the known partitions: its wave cost and share. */
  public double taskSeconds(double records) {
    return taskWaveSeconds + records / (partitions * perCoreRecordsPerSecond);
  }

  /** Executor cores {@code workers} booted workers give (the driver holds some of the first's). */
  public int executorCores(int workers) {
    return Math.max(1, workers * coresPerWorker - (workers > 0 ? driverCores : 0));
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
