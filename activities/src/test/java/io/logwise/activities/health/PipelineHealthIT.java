package io.logwise.activities.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.logwise.activities.spark.SparkDriverActivitiesImpl;
import io.logwise.activities.spark.TestDriverJar;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalMoto;
import io.logwise.embedded.LocalSpark;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.SparkSubmissionDao;
import io.logwise.workflows.retention.PipelineHealthActivities.ComponentHealth;
import io.logwise.workflows.retention.PipelineHealthActivities.PipelineHealth;
import io.logwise.workflows.spark.SubmitRequest;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Pipeline health against the real things: a KRaft Kafka broker, a Spark master running a driver of
 * ours, moto's S3, and a local HTTP server standing in for Vector's health endpoint.
 */
@Tag("spark")
class PipelineHealthIT {

  private static KafkaClusterTestKit kafka;
  private static LocalSpark spark;
  private static HttpServer vector;
  private static final AtomicInteger vectorStatus = new AtomicInteger(200);
  private static final AtomicInteger vectorDelayMs = new AtomicInteger(0);
  private static final ObjectStores stores = new ObjectStores();
  private static String bucket;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    spark =
        LocalSpark.start(
            Path.of("target", "spark-health-" + UUID.randomUUID().toString().substring(0, 6)), 2);
    vector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    vector.setExecutor(Executors.newCachedThreadPool());
    vector.createContext(
        "/health",
        ex -> {
          try {
            Thread.sleep(vectorDelayMs.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(vectorStatus.get(), -1);
          ex.close();
        });
    vector.start();
    bucket = "health-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vector != null) {
      vector.stop(0);
    }
    if (spark != null) {
      spark.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    stores.close();
  }

  private static TenantConfig tenant(String name, String bootstrap) {
    return TestTenants.parse(
        String.format(
            "name: %s\n"
                + "spark: {masterHost: 127.0.0.1, masterWebPort: %d, restPort: %d, masterPort: %d, jarPath: 'file:%s',"
                + " mainClass: io.logwise.testdriver.LongRunningDriver, clientSparkVersion: '4.2.0', driverMemory: 512m}\n"
                + "kafka: {bootstrapServers: '%s'}\n"
                + "vector: {host: 127.0.0.1, apiPort: %d}\n"
                + "objectStore: {bucket: %s, endpoint: '%s', pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}\n",
            name,
            spark.webPort(),
            spark.restPort(),
            spark.masterPort(),
            TestDriverJar.build(),
            bootstrap,
            vector.getAddress().getPort(),
            bucket,
            LocalMoto.shared().endpoint()));
  }

  private static final org.jdbi.v3.core.Jdbi db =
      io.logwise.activities.support.TestDatabase.fresh("health");
  private static final io.logwise.activities.kafka.KafkaClusters clusters =
      new io.logwise.activities.kafka.KafkaClusters(db.onDemand(io.logwise.store.KafkaDao.class));

  private static PipelineHealthActivitiesImpl checks(TenantConfig t, Instant now) {
    return new PipelineHealthActivitiesImpl(
        new TenantDirectory(List.of(t)),
        clusters,
        stores,
        HttpClient.newHttpClient(),
        Executors.newCachedThreadPool(),
        Duration.ofSeconds(4),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Map<String, ComponentHealth> byComponent(PipelineHealth h) {
    return h.checks().stream().collect(Collectors.toMap(ComponentHealth::component, c -> c));
  }

  @Test
  void everythingUpThenEachKindOfTrouble() throws Exception {
    Instant now = Instant.now();
    TenantConfig t = tenant("acme", kafka.bootstrapServers());
    // a driver of ours RUNNING on the real master
    com.mysql.cj.jdbc.MysqlDataSource ds = new com.mysql.cj.jdbc.MysqlDataSource();
    ds.setURL(
        LocalMariaDb.shared()
            .createDatabase("health_" + UUID.randomUUID().toString().substring(0, 8)));
    ds.setUser(LocalMariaDb.USER);
    ds.setPassword(LocalMariaDb.PASSWORD);
    new SparkDriverActivitiesImpl(
            new TenantDirectory(List.of(t)),
            LogwiseDatabase.open(ds).onDemand(SparkSubmissionDao.class),
            new io.logwise.activities.spark.KafkaStarts(
                clusters, db.onDemand(io.logwise.store.KafkaDao.class)),
            HttpClient.newHttpClient(),
            Clock.systemUTC())
        .submitDriver(new SubmitRequest("acme", "health-1", null, null, null, null));
    var s3 = stores.clientFor(t.getObjectStore());
    s3.createBucket(b -> b.bucket(bucket));
    ZonedDateTime hour = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    String hourPrefix =
        io.logwise.policy.retention.Freshness.hourPrefix("logs", "healthcheck-dummy", hour);
    String key = hourPrefix + "minute=05/p.parquet";
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
    // alphabetically first, but older; and an impossible minute that must not win
    s3.putObject(
        b -> b.bucket(bucket).key(hourPrefix + "minute=00/a.parquet"), RequestBody.fromString("x"));
    s3.putObject(
        b -> b.bucket(bucket).key(hourPrefix + "minute=75/z.parquet"), RequestBody.fromString("x"));
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic("logs.orders", 3, (short) 1))).all().get();
    }

    PipelineHealth up = null;
    for (int i = 0; i < 60; i++) { // the driver needs a moment to reach RUNNING
      up = checks(t, now).checkPipeline("acme");
      if ("UP".equals(up.status())) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(up.status()).as("%s", up).isEqualTo("UP");
    assertThat(byComponent(up).get("kafka").details())
        .containsEntry("brokers", "1")
        .containsEntry("matchingTopics", "1");
    assertThat(byComponent(up).get("s3").details().get("newest")).isEqualTo(key);

    // Vector answers 500: DOWN overall
    vectorStatus.set(500);
    PipelineHealth vectorDown = checks(t, now).checkPipeline("acme");
    assertThat(vectorDown.status()).isEqualTo("DOWN");
    assertThat(byComponent(vectorDown).get("vector").message()).contains("returned 500");
    vectorStatus.set(200);

    // Vector hangs: still answered in bounded time
    vectorDelayMs.set(30_000);
    long t0 = System.nanoTime();
    PipelineHealth hanging = checks(t, now).checkPipeline("acme");
    long took = (System.nanoTime() - t0) / 1_000_000;
    vectorDelayMs.set(0);
    assertThat(byComponent(hanging).get("vector").message()).contains("did not answer within 4s");
    assertThat(took).as("bounded: %d ms", took).isLessThan(10_000);

    // two hours later nothing is recent: WARNING, not DOWN
    PipelineHealth later = checks(t, now.plus(Duration.ofHours(2))).checkPipeline("acme");
    assertThat(later.status()).isEqualTo("WARNING");
    assertThat(byComponent(later).get("s3").status()).isEqualTo("WARNING");

    // a Kafka that does not exist is DOWN, within the bound
    TenantConfig noKafka = tenant("acme", "127.0.0.1:1");
    long t1 = System.nanoTime();
    PipelineHealth kafkaDown = checks(noKafka, now).checkPipeline("acme");
    assertThat(byComponent(kafkaDown).get("kafka").status()).isEqualTo("DOWN");
    assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(10_000);
  }
}
