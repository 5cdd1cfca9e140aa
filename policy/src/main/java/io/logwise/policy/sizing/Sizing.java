package io.logwise.policy.sizing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizing calculator: from a log volume, how big each part of the pipeline should be, each
 * figure with its formula. Kafka follows the reference's unmerged calculator (its per-partition
 * rates by message size, peak ratio and headroom, {@code maxLagPerPartition = rate × 300 s}); the
 * reference had no Spark, Vector, broker-count or disk formula, so those are ours, with every
 * capacity an {@link Assumptions} value a caller may change.
 */
public final class Sizing {

  private Sizing() {}

  /** What is sized. */
  public record Input(long logsPerSecond, long avgMessageBytes, int retentionHours, int services) {}

  /**
   * Capacities and margins. {@link #DEFAULTS}: read against the seed's capacity table with 1 KiB
   * messages and against Vector's published sizing (about 10 MiB/s per vCPU for unstructured logs).
   */
  public record Assumptions(
      double peakRatio,
      double headroom,
      long sparkRecordsPerCorePerSecond,
      int sparkCoresPerWorker,
      int sparkBaselineWorkers,
      double vectorMibPerVcpu,
      int vectorVcpusPerInstance,
      double vectorTargetUtilisation,
      long vectorHaFromLogsPerSecond,
      int kafkaReplicationFactor,
      double kafkaBrokerWriteMibPerSecond,
      int kafkaDefaultPartitions,
      int maxLagSeconds) {

    public static final Assumptions DEFAULTS =
        new Assumptions(2.0, 0.2, 8_000, 2, 2, 10.0, 4, 0.5, 10_000, 3, 60.0, 3, 300);

    /** The capacities a caller may change, by name (the CLI's and the API's parameters). */
    public static final List<String> CHANGEABLE =
        List.of(
            "peakRatio",
            "sparkRecordsPerCorePerSecond",
            "sparkCoresPerWorker",
            "vectorMibPerVcpu",
            "vectorVcpusPerInstance",
            "kafkaBrokerWriteMibPerSecond");

    /** These assumptions with {@code name} (one of {@link #CHANGEABLE}) set to {@code value}. */
    public Assumptions with(String name, double value) {
      if (!CHANGEABLE.contains(name)) {
        throw new IllegalArgumentException(
            name
                + " is not a capacity one may change; these are: "
                + String.join(", ", CHANGEABLE));
      }
      java.lang.reflect.RecordComponent[] parts = Assumptions.class.getRecordComponents();
      Object[] values = new Object[parts.length];
      Class<?>[] types = new Class<?>[parts.length];
      try {
        for (int i = 0; i < parts.length; i++) {
          types[i] = parts[i].getType();
          values[i] =
              parts[i].getName().equals(name)
                  ? as(types[i], name, value)
                  : parts[i].getAccessor().invoke(this);
        }
        return Assumptions.class.getDeclaredConstructor(types).newInstance(values);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Object as(Class<?> type, String name, double value) {
      if (type == double.class) {
        return value;
      }
      if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " must be a whole number (was " + value + ")");
      }
      return type == long.class ? (Object) (long) value : (Object) (int) value;
    }

    /** Every problem with these values, in their names; empty when they can be used. */
    public List<String> problems() {
      List<String> p = new ArrayList<>();
      positive(p, "peakRatio", peakRatio, 1, 100);
      positive(p, "headroom", headroom, 0, 10);
      positive(p, "sparkRecordsPerCorePerSecond", sparkRecordsPerCorePerSecond, 1, 1e9);
      positive(p, "sparkCoresPerWorker", sparkCoresPerWorker, 1, 1024);
      positive(p, "sparkBaselineWorkers", sparkBaselineWorkers, 0, 1000);
      positive(p, "vectorMibPerVcpu", vectorMibPerVcpu, 0.01, 10_000);
      positive(p, "vectorVcpusPerInstance", vectorVcpusPerInstance, 1, 1024);
      positive(p, "vectorTargetUtilisation", vectorTargetUtilisation, 0.01, 1);
      positive(p, "vectorHaFromLogsPerSecond", vectorHaFromLogsPerSecond, 0, 1e12);
      positive(p, "kafkaReplicationFactor", kafkaReplicationFactor, 1, 10);
      positive(p, "kafkaBrokerWriteMibPerSecond", kafkaBrokerWriteMibPerSecond, 0.01, 100_000);
      positive(p, "kafkaDefaultPartitions", kafkaDefaultPartitions, 1, 10_000);
      positive(p, "maxLagSeconds", maxLagSeconds, 1, 86_400);
      return p;
    }

    private static void positive(List<String> p, String name, double v, double min, double max) {
      if (!(v >= min && v <= max)) { // NaN fails too
        p.add(
            name
                + " must be between "
                + plain(min)
                + " and "
                + plain(max)
                + " (was "
                + plain(v)
                + ")");
      }
    }
  }

  /** The sized figures, by name: each is an integer in the answer and has a formula. */
  public static final List<String> FIGURES =
      List.of(
          "kafkaPartitions",
          "maxLagPerPartition",
          "kafkaBrokers",
          "kafkaDiskGb",
          "sparkWorkers",
          "sparkCores",
          "vectorInstances");

  /** One sized figure and how it was reached. */
  public record Figure(long value, String formula) {}

  /**
   * The answer. The integers the CLI's {@code --json} and the API promise, then each figure's
   * formula and the assumptions used.
   */
  public record Result(
      long logsPerSecond,
      long avgMessageBytes,
      int retentionHours,
      int services,
      int kafkaPartitions,
      int kafkaPartitionsPerTopic,
      long maxLagPerPartition,
      int kafkaBrokers,
      long kafkaDiskGb,
      int sparkWorkers,
      int sparkCores,
      int vectorInstances,
      Map<String, String> formulas,
      Map<String, Object> assumptions) {}

  /** The most logs per second and the largest message the calculator answers for. */
  public static final long MAX_LOGS_PER_SECOND = 100_000_000L;

  public static final long MAX_MESSAGE_BYTES = 1_048_576L;

  /** Every problem with {@code in}, naming the field; empty when it can be sized. */
  public static List<String> problems(Input in) {
    List<String> p = new ArrayList<>();
    if (in.logsPerSecond() < 1 || in.logsPerSecond() > MAX_LOGS_PER_SECOND) {
      p.add("logsPerSecond must be between 1 and " + MAX_LOGS_PER_SECOND);
    }
    if (in.avgMessageBytes() < 1 || in.avgMessageBytes() > MAX_MESSAGE_BYTES) {
      p.add("avgMessageBytes must be between 1 and " + MAX_MESSAGE_BYTES + " (1 MiB)");
    }
    if (in.retentionHours() < 1 || in.retentionHours() > 8_760) {
      p.add("retentionHours must be between 1 and 8760 (a year)");
    }
    if (in.services() < 1 || in.services() > 100_000) {
      p.add("services must be between 1 and 100000");
    }
    return p;
  }

  /**
   * The reference's per-partition rate by message size: smaller messages, more of them per second.
   */
  public static long maxRatePerPartition(long avgMessageBytes) {
    if (avgMessageBytes < 1_024) {
      return 10_000;
    }
    if (avgMessageBytes < 5_120) {
      return 8_000;
    }
    if (avgMessageBytes < 10_240) {
      return 5_000;
    }
    if (avgMessageBytes < 20_480) {
      return 3_000;
    }
    return 2_000;
  }

  /** Sizes {@code in}; call {@link #problems} first (this throws on bad input). */
  public static Result size(Input in, Assumptions a) {
    List<String> bad = new ArrayList<>(problems(in));
    bad.addAll(a.problems());
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", bad));
    }
    double mib = 1024.0 * 1024.0;
    double bytesPerSecond = (double) in.logsPerSecond() * in.avgMessageBytes();
    double peak = in.logsPerSecond() * a.peakRatio();
    Map<String, String> f = new LinkedHashMap<>();

    long rate = maxRatePerPartition(in.avgMessageBytes());
    int partitions =
        (int)
            Math.max(
                a.kafkaDefaultPartitions(), Math.ceil(Math.ceil(peak / rate) * (1 + a.headroom())));
    int perTopic =
        (int) Math.max(a.kafkaDefaultPartitions(), Math.ceil((double) partitions / in.services()));
    int total = perTopic * in.services();
    f.put(
        "kafkaPartitions",
        "per topic max("
            + a.kafkaDefaultPartitions()
            + ", ⌈⌈logs/s × peak "
            + plain(a.peakRatio())
            + " / "
            + rate
            + " per partition⌉ × (1 + headroom "
            + plain(a.headroom())
            + ") / services⌉) = "
            + perTopic
            + "; × "
            + in.services()
            + " services = "
            + total
            + " ("
            + rate
            + "/s per partition for messages of this size, the reference's table)");
    long maxLag = rate * a.maxLagSeconds();
    f.put(
        "maxLagPerPartition",
        rate + " per partition × " + a.maxLagSeconds() + " s of lag allowed = " + maxLag);

    int rf = a.kafkaReplicationFactor();
    int brokers =
        (int) Math.max(rf, Math.ceil(bytesPerSecond * rf / mib / a.kafkaBrokerWriteMibPerSecond()));
    f.put(
        "kafkaBrokers",
        "max(replication factor "
            + rf
            + ", ⌈"
            + plain(round(bytesPerSecond / mib))
            + " MiB/s × "
            + rf
            + " replicas / "
            + plain(a.kafkaBrokerWriteMibPerSecond())
            + " MiB/s written per broker⌉) = "
            + brokers);
    long diskGb =
        (long)
            Math.ceil(
                bytesPerSecond * 3600.0 * in.retentionHours() * rf * (1 + a.headroom()) / 1e9);
    f.put(
        "kafkaDiskGb",
        "bytes/s × 3600 × "
            + in.retentionHours()
            + " h × "
            + rf
            + " replicas × (1 + headroom "
            + plain(a.headroom())
            + "), uncompressed = "
            + diskGb
            + " GB in all (≈ "
            + (long) Math.ceil((double) diskGb / brokers)
            + " GB per broker)");

    int cores = (int) Math.ceil(peak / a.sparkRecordsPerCorePerSecond());
    int workers =
        a.sparkBaselineWorkers() + (int) Math.ceil((double) cores / a.sparkCoresPerWorker());
    f.put(
        "sparkWorkers",
        a.sparkBaselineWorkers()
            + " baseline (the driver's and a spare, so losing one worker never stops the job) + ⌈"
            + cores
            + " cores (⌈logs/s × peak "
            + plain(a.peakRatio())
            + " / "
            + a.sparkRecordsPerCorePerSecond()
            + " records/s per core⌉) / "
            + a.sparkCoresPerWorker()
            + " cores per worker⌉ = "
            + workers);
    int sparkCores = workers * a.sparkCoresPerWorker();
    f.put(
        "sparkCores", workers + " workers × " + a.sparkCoresPerWorker() + " cores = " + sparkCores);

    double perInstance =
        a.vectorMibPerVcpu() * a.vectorVcpusPerInstance() * a.vectorTargetUtilisation();
    // the volume as it is: a peak is absorbed by the reactive scaler and planned events, not kept
    int byVolume = (int) Math.max(1, Math.ceil(bytesPerSecond / mib / perInstance));
    boolean ha = in.logsPerSecond() >= a.vectorHaFromLogsPerSecond();
    int vector = Math.max(byVolume, ha ? 3 : 1);
    f.put(
        "vectorInstances",
        "max(⌈"
            + plain(round(bytesPerSecond / mib))
            + " MiB/s / ("
            + plain(a.vectorMibPerVcpu())
            + " MiB/s per vCPU × "
            + a.vectorVcpusPerInstance()
            + " vCPUs × "
            + plain(a.vectorTargetUtilisation())
            + " utilisation)⌉, "
            + (ha
                ? "3: from "
                    + a.vectorHaFromLogsPerSecond()
                    + " logs/s no instance carries more"
                    + " than a third of the volume"
                : "1")
            + ") = "
            + vector);

    Map<String, Object> used = new LinkedHashMap<>();
    used.put("peakRatio", a.peakRatio());
    used.put("headroom", a.headroom());
    used.put("maxRatePerPartition", rate);
    used.put("maxLagSeconds", a.maxLagSeconds());
    used.put("kafkaDefaultPartitions", a.kafkaDefaultPartitions());
    used.put("kafkaReplicationFactor", rf);
    used.put("kafkaBrokerWriteMibPerSecond", a.kafkaBrokerWriteMibPerSecond());
    used.put("kafkaCompression", "none assumed (disk is an upper bound)");
    used.put("sparkRecordsPerCorePerSecond", a.sparkRecordsPerCorePerSecond());
    used.put("sparkCoresPerWorker", a.sparkCoresPerWorker());
    used.put("sparkBaselineWorkers", a.sparkBaselineWorkers());
    used.put("vectorMibPerVcpu", a.vectorMibPerVcpu());
    used.put("vectorVcpusPerInstance", a.vectorVcpusPerInstance());
    used.put("vectorTargetUtilisation", a.vectorTargetUtilisation());
    used.put("vectorHaFromLogsPerSecond", a.vectorHaFromLogsPerSecond());
    return new Result(
        in.logsPerSecond(),
        in.avgMessageBytes(),
        in.retentionHours(),
        in.services(),
        total,
        perTopic,
        maxLag,
        brokers,
        diskGb,
        workers,
        sparkCores,
        vector,
        f,
        used);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
