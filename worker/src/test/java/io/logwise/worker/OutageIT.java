package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.activities.spark.TestDriverJar;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalMoto;
import io.logwise.embedded.LocalSpark;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 12's fault suite, part two: the Spark master, S3, the database and Temporal itself each go
 * away for a while (a TCP proxy in front of each is cut: resets, then refused connections, the
 * part's state kept) under a running stack — the worker its own process, the API in this JVM. No
 * crash (the worker process lives throughout), errors in the one shape with the right status while
 * a part is away (never a 500), and everything works again once it is back, with no hand work: the
 * same driver still supervised, syncs and batches accepted, health UP.
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {

  private static final String ADMIN = "outage-admin-0123456789abcdef";
  private static final String LISTENER = "outage-listener-0123456789abcdef";
  private static CutProxy temporal;
  private static CutProxy database;
  private static CutProxy s3Proxy;
  private static CutProxy masterWeb;
  private static CutProxy masterRest;
  private static LocalSpark spark;
  private static int batches;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
              "outage",
              LogwiseStack.ADMIN_AND_ACME_LISTENER
                  + """
              tenants:
                - name: acme
                  spark: {masterHost: 127.0.0.1, masterWebPort: ${WEB}, restPort: ${REST}, masterPort: ${MASTER}, jarPath: 'file:${JAR}', mainClass: io.logwise.testdriver.LongRunningDriver,
                          clientSparkVersion: '4.2.0', driverMemory: 512m, executorMemory: 512m, pollInterval: 2s, submitGrace: 20s, restartBackoff: 2s}
                  kafka: {bootstrapServers: '127.0.0.1:9092', enablePartitionScaling: false}
                  objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              """,
              OutageIT::prepare)
          .workerAsProcess()
          .tuneTemporal(t -> t.setUpdateTimeout(io.dropwizard.util.Duration.seconds(60)));

  /** A real Spark master; every part behind a proxy that can be cut. */
  private static Map<String, String> prepare(LogwiseStack stack) throws Exception {
    spark = stack.closeLater(MotoAws.spark("outage"));
    URI moto = LocalMoto.shared().endpoint();
    String bucket = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = MotoAws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putObject(
          b ->
              b.bucket(bucket)
                  .key(
                      "logs/service_name=cart/year=2026/month=11/day=30/hour=10/minute=00/p.parquet"),
          RequestBody.fromString("x"));
    }
    URI temporalTarget = URI.create("dns://" + stack.temporalTarget());
    temporal = stack.closeLater(new CutProxy("127.0.0.1", temporalTarget.getPort()));
    database = stack.closeLater(new CutProxy("127.0.0.1", LocalMariaDb.shared().port()));
    s3Proxy = stack.closeLater(new CutProxy("127.0.0.1", moto.getPort()));
    masterWeb = stack.closeLater(new CutProxy("127.0.0.1", spark.webPort()));
    masterRest = stack.closeLater(new CutProxy("127.0.0.1", spark.restPort()));
    String db =
        stack
            .jdbcUrl()
            .replace(":" + LocalMariaDb.shared().port() + "/", ":" + database.port() + "/");
    return Map.of(
        "ADMIN",
        ADMIN,
        "LISTENER",
        LISTENER,
        "TEMPORAL",
        "127.0.0.1:" + temporal.port(),
        "DB_URL",
        db,
        "S3",
        "http://127.0.0.1:" + s3Proxy.port(),
        "WEB",
        String.valueOf(masterWeb.port()),
        "REST",
        String.valueOf(masterRest.port()),
        "MASTER",
        String.valueOf(spark.masterPort()),
        "JAR",
        TestDriverJar.build().toAbsolutePath().toString(),
        "BUCKET",
        bucket);
  }

  private static Http.Reply call(String method, String path, String token, String body) {
    return Http.send(method, stack.base() + path, token, null, body);
  }

  private static JsonNode await(String what, Supplier<JsonNode> read, Predicate<JsonNode> done)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode last = null;
    while (System.nanoTime() < until) {
      try {
        last = read.get();
        if (last != null && done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        last = null; // still on its way back
      }
      Thread.sleep(500);
    }
    throw new AssertionError(what + " not within 120 s: " + last);
  }

  /** A 503 in the one error shape: what an outage may answer, never a 500. */
  private static void assertUnavailable(Http.Reply r) {
    assertThat(r.status()).as("%s", r.body()).isEqualTo(503);
    assertThat(r.body().at("/error/code").asText()).isNotBlank();
    assertThat(r.body().at("/error/message").asText()).isNotBlank().doesNotContain("Exception");
  }

  private static JsonNode supervisor() {
    return call("GET", "/api/v1/tenants/acme/spark", ADMIN, null).body();
  }

  private static String batch() {
    int n = ++batches;
    long t = 1_700_000_000_000L + n * 60_000L;
    return String.format(
        "{\"batchId\":\"o-%d\",\"inputRecords\":1000,\"outputBytes\":1,\"submissionTime\":%d,\"completionTime\":%d,\"status\":\"succeeded\"}",
        n, t, t + 500);
  }

  private static int drivers() {
    JsonNode json =
        Http.send("GET", "http://127.0.0.1:" + spark.webPort() + "/json/", null, null, null).body();
    return json.path("activedrivers").size() + json.path("completeddrivers").size();
  }

  @Test
  @Order(1)
  void sparkMasterAway() throws Exception {
    JsonNode running =
        await(
            "the driver running",
            OutageIT::supervisor,
            s -> "RUNNING".equals(s.path("driverState").asText()));
    String driver = running.get("submissionId").asText();
    masterWeb.cut();
    masterRest.cut();
    try {
      JsonNode away =
          await(
              "the supervisor saying the master is away",
              OutageIT::supervisor,
              s -> "UNREACHABLE".equals(s.path("driverState").asText()));
      assertThat(away.get("lastError").asText()).isNotBlank().doesNotEndWith(": ");
      Thread.sleep(10_000);
      assertThat(stack.workerAlive()).isTrue();
    } finally {
      masterWeb.restore();
      masterRest.restore();
    }
    // back: the driver never stopped, so it is still the one (no second driver after the grace)
    await(
        "the same driver seen running again",
        OutageIT::supervisor,
        s -> "RUNNING".equals(s.path("driverState").asText()));
    Thread.sleep(65_000); // past the master-back grace, when a gone driver would be resubmitted
    assertThat(supervisor().get("submissionId").asText()).isEqualTo(driver);
    assertThat(drivers()).as("one driver ever").isEqualTo(1);
  }

  @Test
  @Order(2)
  void s3Away() throws Exception {
    s3Proxy.cut();
    try {
      // a sync that retries S3 past 20 s is handed over; followed, it ends in the 503
      Http.Reply sync =
          Http.followed(
              stack.base(), call("POST", "/api/v1/tenants/acme/services:sync", ADMIN, null), ADMIN);
      assertUnavailable(sync);
      assertThat(stack.workerAlive()).isTrue();
    } finally {
      s3Proxy.restore();
    }
    JsonNode ok =
        await(
            "a sync once S3 is back",
            () -> {
              Http.Reply r = call("POST", "/api/v1/tenants/acme/services:sync", ADMIN, null);
              return r.status() == 200 ? r.body() : null;
            },
            b -> true);
    assertThat(ok.get("discovered").asInt()).as("%s", ok).isEqualTo(1);
  }

  @Test
  @Order(3)
  void databaseAway() throws Exception {
    database.cut();
    try {
      JsonNode health =
          await(
              "the database reported down",
              () -> Http.send("GET", stack.base() + "/healthcheck", null, null, null).body(),
              h -> "DOWN".equals(h.at("/checks/database/status").asText()));
      assertThat(health.at("/checks/database/error").asText())
          .isEqualTo("the database cannot be reached");
      assertUnavailable(call("POST", "/api/v1/tenants/acme/batches", LISTENER, batch()));
      assertThat(stack.workerAlive()).isTrue();
    } finally {
      database.restore();
    }
    await(
        "a batch accepted once the database is back",
        () -> {
          Http.Reply r = call("POST", "/api/v1/tenants/acme/batches", LISTENER, batch());
          return r.status() == 202 ? r.body() : null;
        },
        b -> true);
    await(
        "health UP",
        () -> Http.send("GET", stack.base() + "/healthcheck", null, null, null).body(),
        h -> "UP".equals(h.get("status").asText()));
  }

  @Test
  @Order(4)
  void temporalAway() throws Exception {
    temporal.cut();
    try {
      Thread.sleep(2_000);
      long t0 = System.nanoTime();
      assertUnavailable(call("GET", "/api/v1/tenants/acme/spark", ADMIN, null));
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0))
          .as("a query to an unreachable Temporal answers within seconds, not after a minute")
          .isLessThan(20);
      assertUnavailable(call("POST", "/api/v1/tenants/acme/batches", LISTENER, batch()));
      Thread.sleep(15_000);
      assertThat(stack.workerAlive())
          .as("the worker waits for Temporal, it does not exit")
          .isTrue();
    } finally {
      temporal.restore();
    }
    await(
        "a sync through the reconnected worker",
        () -> {
          Http.Reply r = call("POST", "/api/v1/tenants/acme/services:sync", ADMIN, null);
          return r.status() == 200 ? r.body() : null;
        },
        b -> true);
    await(
        "health UP, workflows progressing",
        () -> Http.send("GET", stack.base() + "/healthcheck", null, null, null).body(),
        h -> "UP".equals(h.get("status").asText()));
    assertThat(supervisor().get("driverState").asText()).isEqualTo("RUNNING");
    assertThat(drivers()).as("still one driver ever").isEqualTo(1);
    assertThat(List.of(stack.workerAlive())).containsExactly(true);
  }
}
