package io.logwise.activities.fleet;

import io.logwise.activities.spark.SparkMasterClient;
import io.logwise.workflows.scaling.FleetKind;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fleet type {@code local}: Spark standalone worker processes on this machine, started and stopped
 * as the scaling loop asks, each on a loopback address of its own (127.0.0.2, 127.0.0.3, …) so the
 * master lists every worker by a host of its own, as it lists machines. A scale-down stops the
 * workers it is given in order (alive, not the driver's), never the driver's, and never below its
 * target; a stop is a machine's shutdown (SIGTERM, then SIGKILL). Ready is what the master says:
 * our workers it lists as ALIVE.
 *
 * <p>The processes belong to the JVM that made the fleet ({@code logwise dev} and the tests): it
 * starts no worker by itself and stops them all on {@link #close}.
 */
public final class LocalWorkerFleet implements WorkerFleet, AutoCloseable {

  /** Starts a worker process registering with the master under {@code host}. */
  @FunctionalInterface
  public interface Launcher {
    Running start(String host);
  }

  /** A started worker process. */
  public interface Running {
    boolean isAlive();

    /** Stops it as a machine's shutdown would, waiting for it to end. */
    void stop();

    /** A process known by how to ask whether it lives and how to stop it. */
    static Running of(java.util.function.BooleanSupplier alive, Runnable stop) {
      return new Running() {
        @Override
        public boolean isAlive() {
          return alive.getAsBoolean();
        }

        @Override
        public void stop() {
          stop.run();
        }
      };
    }
  }

  /** The addresses workers take, in order: 127.0.0.2 to 127.0.0.254. */
  static final int FIRST = 2;

  static final int LAST = 254;

  private final Supplier<SparkMasterClient.Snapshot> master;
  private final Launcher launcher;
  private final int max;
  private final Map<String, Running> workers = new LinkedHashMap<>();

  /**
   * @param master what the master says now (its {@code /json/})
   * @param max the most workers it runs (this machine's budget)
   */
  public LocalWorkerFleet(Supplier<SparkMasterClient.Snapshot> master, Launcher launcher, int max) {
    if (max < 1 || max > LAST - FIRST + 1) {
      throw new IllegalArgumentException("max must be 1.." + (LAST - FIRST + 1) + ", was " + max);
    }
    this.master = master;
    this.launcher = launcher;
    this.max = max;
  }

  @Override
  public FleetKind type() {
    return FleetKind.LOCAL;
  }

  /** The hosts of the worker processes that run, in the order they were started. */
  public synchronized List<String> hosts() {
    forgetTheDead();
    return List.copyOf(workers.keySet());
  }

  @Override
  public synchronized Size size() {
    forgetTheDead();
    Set<String> ours = workers.keySet();
    int ready;
    try {
      ready =
          (int)
              master.get().workers().stream()
                  .filter(w -> w.isAlive() && ours.contains(w.host()))
                  .map(SparkMasterClient.Worker::host)
                  .distinct()
                  .count();
    } catch (RuntimeException e) {
      return new Size(workers.size(), null); // the master does not answer: ready unknown
    }
    return new Size(workers.size(), ready);
  }

  @Override
  public synchronized ScaleOutcome scaleUp(int target) {
    forgetTheDead();
    int current = workers.size();
    int wanted = Math.min(target, max);
    if (wanted <= current) {
      return new ScaleOutcome(
          false,
          current,
          target > max
              ? "already at " + current + " workers, this machine's most (" + max + ")"
              : "already at " + current + " workers");
    }
    for (int host = FIRST; workers.size() < wanted && host <= LAST; host++) {
      String address = "127.0.0." + host;
      if (!workers.containsKey(address)) {
        workers.put(address, launcher.start(address));
      }
    }
    return new ScaleOutcome(
        true,
        workers.size(),
        target > max ? "capped at this machine's most workers (" + max + ")" : null);
  }

  @Override
  public synchronized ScaleOutcome scaleDown(
      int count, int floor, List<String> candidateHosts, String driverHost) {
    forgetTheDead();
    int current = workers.size();
    int target = Math.max(Math.max(0, current - count), Math.min(current, floor));
    if (target == current) {
      return new ScaleOutcome(false, current, "already at " + current + " workers");
    }
    List<String> notes = new ArrayList<>();
    if (driverHost != null) {
      notes.add(
          workers.containsKey(driverHost)
              ? "driver's worker " + driverHost + " protected"
              : "driver's worker (" + driverHost + ") not found: not protected");
    }
    List<String> removable =
        candidateHosts.stream()
            .distinct()
            .filter(h -> workers.containsKey(h) && !h.equals(driverHost))
            .limit(current - target)
            .toList();
    for (String host : removable) {
      workers.remove(host).stop();
    }
    if (removable.size() < current - target) {
      notes.add(
          "stopped "
              + removable.size()
              + " of "
              + (current - target)
              + ": no other worker was offered as idle");
    }
    return new ScaleOutcome(
        !removable.isEmpty(), workers.size(), notes.isEmpty() ? null : String.join("; ", notes));
  }

  /** A worker that died by itself no longer counts (a lost machine); its address is free again. */
  private void forgetTheDead() {
    workers.values().removeIf(r -> !r.isAlive());
  }

  /** Stops every worker it started. */
  @Override
  public synchronized void close() {
    workers.values().forEach(Running::stop);
    workers.clear();
  }
}
