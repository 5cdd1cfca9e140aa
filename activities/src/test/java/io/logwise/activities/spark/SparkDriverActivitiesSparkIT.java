package io.logwise.activities.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalSpark;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.SparkSubmissionDao;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.spark.AwaitGoneRequest;
import io.logwise.workflows.spark.DriverGone;
import io.logwise.workflows.spark.DriverObservation;
import io.logwise.workflows.spark.KillRequest;
import io.logwise.workflows.spark.ObserveRequest;
import io.logwise.workflows.spark.SubmitRequest;
import io.logwise.workflows.spark.SubmitResult;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Spark adapter against a real Spark 4.2 standalone master and worker. */
@Tag("spark")
class SparkDriverActivitiesSparkIT {

  private static LocalSpark spark;
  private static Path jar;
  private static SparkSubmissionDao submissions;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(Path.of("target", "spark-it"), 4);
    jar = TestDriverJar.build();
    MysqlDataSource ds = new MysqlDataSource();
    ds.setURL(
        LocalMariaDb.shared()
            .createDatabase("spark_" + UUID.randomUUID().toString().substring(0, 8)));
    ds.setUser(LocalMariaDb.USER);
    ds.setPassword(LocalMariaDb.PASSWORD);
    submissions = LogwiseDatabase.open(ds).onDemand(SparkSubmissionDao.class);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.close();
    }
  }

  private static TenantConfig tenant(String name, String mainClass) {
    return TestTenants.withSpark(
        name,
        name + "-logs",
        String.format(
            "{masterHost: 127.0.0.1, masterWebPort: %d, restPort: %d, masterPort: %d, jarPath: 'file:%s',"
                + " mainClass: %s, clientSparkVersion: '4.2.0', driverMemory: 512m, executorMemory: 512m}",
            spark.webPort(), spark.restPort(), spark.masterPort(), jar, mainClass));
  }

  private static SparkDriverActivitiesImpl activities(TenantConfig... tenants) {
    io.logwise.store.KafkaDao kafka =
        io.logwise.activities.support.TestDatabase.fresh("spark")
            .onDemand(io.logwise.store.KafkaDao.class);
    return new SparkDriverActivitiesImpl(
        new TenantDirectory(List.of(tenants)),
        submissions,
        new KafkaStarts(new io.logwise.activities.kafka.KafkaClusters(kafka), kafka),
        HttpClient.newHttpClient(),
        Clock.systemUTC());
  }

  private static <T> T eventually(
      Supplier<T> probe, java.util.function.Predicate<T> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      last = probe.get();
    }
    return last;
  }

  @Test
  void submitsObservesAdoptsAndKillsARealDriver() {
    TenantConfig t = tenant("acme", "io.logwise.testdriver.LongRunningDriver");
    SparkDriverActivitiesImpl a = activities(t);

    SubmitResult first = a.submitDriver(new SubmitRequest("acme", "key-1", null, null, null, null));
    assertThat(first.submissionId()).startsWith("driver-");
    assertThat(first.adopted()).isFalse();

    DriverObservation running =
        eventually(
            () -> a.observe(new ObserveRequest("acme", first.submissionId())),
            o -> "RUNNING".equals(o.ourState()),
            Duration.ofSeconds(60));
    assertThat(running.ourState()).isEqualTo("RUNNING");
    assertThat(running.ourWorker()).startsWith("worker-");
    assertThat(running.aliveWorkers()).isEqualTo(1);
    // the scaling loop protects this worker: read from the real master's /json/
    SparkMasterClient.Snapshot snapshot =
        new SparkMasterClient(
                HttpClient.newHttpClient(), "127.0.0.1", spark.webPort(), spark.restPort())
            .snapshot();
    assertThat(io.logwise.activities.fleet.ScalingActivitiesImpl.driverWorker(t, snapshot))
        .contains(running.ourWorker());
    assertThat(snapshot.workers())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.id()).isEqualTo(running.ourWorker());
              assertThat(w.host()).isEqualTo("127.0.0.1");
              assertThat(w.state()).isEqualTo("ALIVE");
            });

    // the same key again (a retried activity) returns the same driver
    assertThat(
            a.submitDriver(new SubmitRequest("acme", "key-1", null, null, null, null))
                .submissionId())
        .isEqualTo(first.submissionId());
    // a new key while ours is alive adopts it instead of starting a second one
    SubmitResult second =
        a.submitDriver(new SubmitRequest("acme", "key-2", null, null, null, null));
    assertThat(second.adopted()).isTrue();
    assertThat(second.submissionId()).isEqualTo(first.submissionId());
    assertThat(a.observe(new ObserveRequest("acme", null)).otherLiveDrivers())
        .containsExactly(first.submissionId());

    assertThat(a.killDriver(new KillRequest("acme", first.submissionId())).requested()).isTrue();
    DriverGone gone = a.awaitDriverGone(new AwaitGoneRequest("acme", first.submissionId(), 60));
    assertThat(gone.finalState()).isEqualTo("KILLED");
    assertThat(a.killDriver(new KillRequest("acme", first.submissionId())).requested())
        .as("kill is idempotent")
        .isFalse();
    assertThat(submissions.find("acme", "key-2").orElseThrow().outcome()).isEqualTo("ADOPTED");
  }

  @Test
  void aCrashingDriverIsSeenAsFailed() {
    TenantConfig t = tenant("crashy", "io.logwise.testdriver.CrashingDriver");
    SparkDriverActivitiesImpl a = activities(t);

    SubmitResult r = a.submitDriver(new SubmitRequest("crashy", "key-c", null, null, null, null));
    DriverObservation o =
        eventually(
            () -> a.observe(new ObserveRequest("crashy", r.submissionId())),
            x -> "FAILED".equals(x.ourState()),
            Duration.ofSeconds(90));

    assertThat(o.ourState()).isEqualTo("FAILED");
    assertThat(o.otherLiveDrivers()).isEmpty();
  }

  @Test
  void anUnknownSubmissionIsNotFound() {
    SparkDriverActivitiesImpl a =
        activities(tenant("ghost", "io.logwise.testdriver.LongRunningDriver"));
    assertThat(a.observe(new ObserveRequest("ghost", "driver-19990101000000-0000")).ourState())
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void aRejectedSubmissionIsANonRetryableBadConfig() {
    // Spark's REST server validates the request: a driver memory that is no size is malformed
    TenantConfig t =
        TestTenants.withSpark(
            "broken",
            "broken-logs",
            String.format(
                "{masterHost: 127.0.0.1, masterWebPort: %d, restPort: %d, jarPath: 'file:%s', driverMemory: lots}",
                spark.webPort(), spark.restPort(), jar));
    assertThatThrownBy(
            () ->
                activities(t)
                    .submitDriver(new SubmitRequest("broken", "key-b", null, null, null, null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(LogwiseFailures.BAD_CONFIG);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("Malformed request");
            });
    assertThat(submissions.find("broken", "key-b").orElseThrow().outcome()).isEqualTo("REJECTED");
  }

  @Test
  void anUnreachableMasterIsRetryable() {
    TenantConfig t =
        TestTenants.withSpark(
            "offline",
            "offline-logs",
            "{masterHost: 127.0.0.1, masterWebPort: 1, restPort: 1, jarPath: 'file:/x.jar'}");
    assertThatThrownBy(() -> activities(t).observe(new ObserveRequest("offline", null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(LogwiseFailures.UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
            });
  }
}
