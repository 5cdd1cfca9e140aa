package io.logwise.policy.sim;

/**
 * A scaling policy under simulation: it sees what the real control plane would (the listener's
 * batch report, the fleet's size, the WAL file names) and answers how many workers it wants.
 * Baselines that are not real policies (KEDA-like, oracle) may also act on their own clock or see
 * the trace itself ({@link View}).
 */
public interface Controller {

  /**
   * What the simulator shows a controller after each micro-batch: the batch as the listener reports
   * it and the workflow stores it (its lag and Σ end offsets always known, its partitions null when
   * the model has none), the fleet, the WAL file the batch wrote, and the executor cores the master
   * grants the job when the batch ends (the loop stamps the batch with them).
   */
  record Observation(
      io.logwise.policy.scaling.BatchSample batch,
      int desiredWorkers,
      int aliveWorkers,
      String walFile,
      long nowMillis,
      int grantedCores) {}

  /** What only a baseline may look at: the model's internals. */
  interface View {
    /** Records per second the trace produces in this minute. */
    int rateAt(int minute);

    /** Kafka lag now: produced minus read by finished batches. */
    long lagNow(double seconds);

    /** Workers booted by {@code seconds} (what a fleet observed then reports alive). */
    int aliveAt(double seconds);

    /** Whether a driver runs at {@code seconds} (false during a driver outage). */
    boolean driverRunning(double seconds);

    SimConfig config();

    Trace trace();
  }

  String name();

  /** Workers at the start (already booted): by default what the first minute's rate needs. */
  default int initialWorkers(View view) {
    return view.config().workersFor(view.rateAt(0));
  }

  /** Workers wanted after this batch (the current desired count for no change). */
  int afterBatch(Observation o, View view);

  /** How often {@link #onTick} runs, in seconds; 0 for never. */
  default int tickSeconds() {
    return 0;
  }

  /** Workers wanted at a tick, or -1 for no opinion. */
  default int onTick(double seconds, int desiredWorkers, View view) {
    return -1;
  }

  /**
   * When the controller next looks between reports, in seconds (as the loop's timer does), or
   * {@link Double#MAX_VALUE} for never; asked again after every batch and every look.
   */
  default double nextLookSeconds() {
    return Double.MAX_VALUE;
  }

  /**
   * Workers wanted at a look between reports ({@link #nextLookSeconds}), or -1 for no change; a
   * look moves {@link #nextLookSeconds} on.
   */
  default int onLook(double seconds, int desiredWorkers, View view) {
    return -1;
  }

  /** A controller that acts with no boot delay (the oracle's perfect fleet). */
  default boolean instantFleet() {
    return false;
  }
}
