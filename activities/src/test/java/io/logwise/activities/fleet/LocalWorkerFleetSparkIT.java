package io.logwise.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.activities.spark.SparkMasterClient;
import io.logwise.embedded.LocalSpark;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local fleet on a real Spark standalone master: real worker processes, each on its own
 * loopback address, registering with the master; the fleet contract, then what only a real master
 * shows (ready counts registered workers; a stopped worker leaves the master's alive list; a worker
 * that dies by itself no longer counts).
 */
@Tag("spark")
class LocalWorkerFleetSparkIT extends WorkerFleetContract {

  private static LocalSpark spark;
  private static SparkMasterClient master;

  /** Every worker process started, by host: what the machine runs, asked of the processes. */
  private final Map<String, LocalSpark.Worker> started = new ConcurrentHashMap<>();

  private LocalWorkerFleet fleet;

  @BeforeAll
  static void startMaster() {
    spark = LocalSpark.startMaster(Path.of("target", "local-fleet-it"));
    master =
        new SparkMasterClient(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
            spark.host(),
            spark.webPort(),
            spark.restPort());
  }

  @AfterAll
  static void stopMaster() {
    if (spark != null) {
      spark.close();
    }
  }

  @BeforeEach
  void threeWorkers() throws InterruptedException {
    fleet =
        new LocalWorkerFleet(
            master::snapshot,
            host -> {
              LocalSpark.Worker w = spark.startWorker(host, 1, "512m");
              started.put(host, w);
              return LocalWorkerFleet.Running.of(w::isAlive, w::close);
            },
            6);
    assertThat(fleet.scaleUp(3).desired()).isEqualTo(3);
    awaitReady(3);
  }

  @AfterEach
  void stopWorkers() {
    fleet.close();
    assertThat(started.values()).noneMatch(LocalSpark.Worker::isAlive);
    started.clear();
  }

  /** Waits (on the master's answers) until it lists {@code n} of our workers alive. */
  private void awaitReady(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!Integer.valueOf(n).equals(fleet.size().ready())) {
      assertThat(System.nanoTime())
          .as("%d workers registered; the master lists %s", n, master.snapshot().workers())
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Override
  WorkerFleet fleet() {
    return fleet;
  }

  @Override
  List<String> hosts() {
    return List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
  }

  @Override
  int desiredNow() {
    return (int) started.values().stream().filter(LocalSpark.Worker::isAlive).count();
  }

  @Override
  boolean keptForTheDriver(String host) {
    return started.get(host).isAlive();
  }

  @Test
  void readyIsWhatTheMasterListsAlive() throws InterruptedException {
    assertThat(master.snapshot().workers())
        .filteredOn(SparkMasterClient.Worker::isAlive)
        .extracting(SparkMasterClient.Worker::host)
        .containsExactlyInAnyOrderElementsOf(hosts());
    fleet.scaleUp(4);
    assertThat(fleet.size().desired()).isEqualTo(4);
    awaitReady(4);

    fleet.scaleDown(1, 3, List.of("127.0.0.5"), null);
    awaitReady(3);
    List<String> alive = new ArrayList<>();
    master.snapshot().workers().stream()
        .filter(SparkMasterClient.Worker::isAlive)
        .forEach(w -> alive.add(w.host()));
    assertThat(alive).as("the stopped worker left the master").doesNotContain("127.0.0.5");
  }

  /** A lost machine: the process killed from outside. */
  @Test
  void aWorkerThatDiedNoLongerCountsAndItsAddressIsTakenAgain() throws InterruptedException {
    started.get("127.0.0.3").kill();
    assertThat(fleet.size().desired()).isEqualTo(2);
    assertThat(fleet.hosts()).containsExactly("127.0.0.2", "127.0.0.4");
    io.logwise.workflows.scaling.ScaleOutcome up = fleet.scaleUp(3);
    assertThat(up.changed()).isTrue();
    assertThat(fleet.hosts()).contains("127.0.0.3");
    awaitReady(3);
  }

  @Test
  void itNeverRunsMoreThanItsMost() {
    io.logwise.workflows.scaling.ScaleOutcome o = fleet.scaleUp(9);
    assertThat(o.desired()).isEqualTo(6);
    assertThat(o.message()).contains("capped");
    assertThat(desiredNow()).isEqualTo(6);
  }
}
