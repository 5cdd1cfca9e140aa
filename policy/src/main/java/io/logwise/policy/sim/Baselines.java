package io.logwise.policy.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/** The yardsticks a real policy is measured against. */
public final class Baselines {

  private Baselines() {}

  /** The trace's peak need, constant: no freshness misses at the highest cost. */
  public static Controller staticPeak() {
    return new Controller() {
      @Override
      public String name() {
        return "static-peak";
      }

      @Override
      public int initialWorkers(View view) {
        return view.config().workersFor(view.trace().peak());
      }

      @Override
      public int afterBatch(Observation o, View view) {
        return o.desiredWorkers();
      }
    };
  }

  /**
   * Perfect foresight and a fleet with no boot delay: at each minute exactly the workers that read
   * everything Kafka holds within one trigger. The cost lower bound.
   */
  public static Controller oracle(SimConfig config) {
    return new Controller() {
      @Override
      public String name() {
        return "oracle";
      }

      @Override
      public int afterBatch(Observation o, View view) {
        return o.desiredWorkers();
      }

      @Override
      public int tickSeconds() {
        return config.triggerSeconds();
      }

      @Override
      public int onTick(double seconds, int desired, View view) {
        SimConfig c = view.config();
        double backlog = view.lagNow(seconds);
        return c.workersFor(backlog / c.triggerSeconds());
      }

      @Override
      public boolean instantFleet() {
        return true;
      }
    };
  }

  /**
   * The bound a real policy is judged against ({@code slo-oracle}): perfect foresight, the same
   * boot delay as everyone, and records allowed to wait up to the SLO. From the trace alone it
   * plans, minute by minute, the lowest fleet that still reads every record in time — the lazy
   * schedule: at minute m the highest average rate that any later deadline needs, over h minutes
   * ahead, (produced by m + h − S) − (read by m), where S is half of the SLO less one trigger and
   * the batch overhead (a micro-batch reads all Kafka holds, so a record waits for the batch before
   * its own, as long as the backlog that one read, then for its own) — and at every minute asks for
   * the most any minute of the next boot delay needs, so each worker is ready when it is needed and
   * none goes before its last minute. Where the fleet's ceiling cannot keep up it asks for the
   * ceiling. Unlike {@link #oracle}, a real policy can come close to it; it is a bound by
   * construction, not a proven optimum (docs/scaling.md).
   */
  public static Controller sloOracle(SimConfig config) {
    return new Controller() {
      private int[] plan;

      @Override
      public String name() {
        return "slo-oracle";
      }

      private int[] plan(View view) {
        if (plan == null) {
          plan = lazyPlan(view.trace(), view.config());
        }
        return plan;
      }

      /** The most any minute from {@code minute} to one boot delay later needs. */
      private int wanted(int minute, View view) {
        int[] p = plan(view);
        int ahead = (view.config().bootDelaySeconds() + 59) / 60;
        int most = view.config().minWorkers();
        for (int m = minute; m <= minute + ahead; m++) {
          most = Math.max(most, p[Math.min(p.length - 1, Math.max(0, m))]);
        }
        return most;
      }

      @Override
      public int initialWorkers(View view) {
        return wanted(0, view);
      }

      @Override
      public int afterBatch(Observation o, View view) {
        return o.desiredWorkers();
      }

      @Override
      public int tickSeconds() {
        return 60;
      }

      @Override
      public int onTick(double seconds, int desired, View view) {
        return wanted((int) Math.floor(seconds / 60), view);
      }
    };
  }

  /** Minutes the lazy plan looks ahead for a deadline. */
  static final int PLAN_HORIZON_MINUTES = 720;

  /**
   * Workers per minute of {@link #sloOracle}'s lazy schedule (one value per trace minute + 1 day).
   */
  static int[] lazyPlan(Trace trace, SimConfig c) {
    int minutes = trace.minutes() + 1440;
    // a micro-batch takes all that Kafka holds, so a record waits for the batch before its own
    // (as long as the backlog it read) and then its own: half of what the SLO leaves after one
    // trigger and the overhead is the backlog a record may find
    int slack =
        Math.max(
            1, (int) ((c.sloSeconds() - c.triggerSeconds() - c.batchOverheadSeconds()) / 2 / 60));
    int max = c.maxWorkers() > 0 ? c.maxWorkers() : 2 * c.workersFor(trace.peak());
    double[] produced = new double[minutes + PLAN_HORIZON_MINUTES + 2]; // by the start of minute m
    for (int m = 0; m + 1 < produced.length; m++) {
      produced[m + 1] = produced[m] + 60.0 * trace.rateAt(m);
    }
    double perWorkerMinute = 60 * c.workerRecordsPerSecond();
    int[] plan = new int[minutes];
    double read = 0;
    for (int m = 0; m < minutes; m++) {
      double rate = 0; // records a minute
      for (int h = 1; h <= PLAN_HORIZON_MINUTES; h++) {
        int due = m + h - slack; // produced before this minute must be read by the end of m + h
        if (due > 0) {
          rate = Math.max(rate, (produced[due] - read) / h);
        }
      }
      int w =
          Math.min(max, Math.max(c.minWorkers(), (int) Math.ceil(rate / perWorkerMinute - 1e-9)));
      plan[m] = w;
      read = Math.min(produced[m + 1], read + w * perWorkerMinute);
    }
    return plan;
  }

  /**
   * KEDA's Kafka scaler driving a Horizontal Pod Autoscaler, with their defaults: workers = ⌈lag /
   * lagThreshold⌉; up at once (at most +100 % or +4 a step), down only to the highest
   * recommendation of the last 300 s (the HPA's scale-down stabilisation). It sees the lag the
   * batch reports carry, like every real policy here: Spark commits no consumer-group offsets, so
   * KEDA's own lag measurement would see nothing. KEDA's {@code lagThreshold} default (10 messages)
   * means nothing for log records, so one worker is given one trigger's worth of its capacity.
   */
  public static Controller kedaLike() {
    return new Controller() {
      private final Deque<long[]> recommendations = new ArrayDeque<>();

      @Override
      public String name() {
        return "keda-like";
      }

      @Override
      public int afterBatch(Observation o, View view) {
        SimConfig c = view.config();
        int desired = o.desiredWorkers();
        double threshold = c.workerRecordsPerSecond() * c.triggerSeconds();
        int raw = Math.max(c.minWorkers(), (int) Math.ceil(o.batch().kafkaLag() / threshold));
        long now = o.nowMillis();
        recommendations.addLast(new long[] {now, raw});
        while (!recommendations.isEmpty() && now - recommendations.peekFirst()[0] > 300_000) {
          recommendations.pollFirst();
        }
        if (raw > desired) {
          return Math.min(raw, Math.max(desired * 2, desired + 4));
        }
        long highest = recommendations.stream().mapToLong(r -> r[1]).max().orElse(raw);
        return (int) Math.min(desired, highest);
      }
    };
  }
}
