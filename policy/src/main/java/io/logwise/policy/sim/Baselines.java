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
        int raw = Math.max(c.minWorkers(), (int) Math.ceil(o.kafkaLag() / threshold));
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
