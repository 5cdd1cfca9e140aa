package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.WorkerSettings;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.embedded.LocalMoto;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two tenants through the real pieces: Temporal's standalone test server over gRPC, MariaDB, moto's
 * S3, the worker and the API, configured from a YAML file as in production.
 */
class EndToEndIT {

  private static final String ADMIN = "e2e-admin-token-0123456789";
  private static final String ACME = "e2e-acme-token-0123456789";

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "e2e",
          """
          auth:
            tokens:
              - {name: ops, token: "${ADMIN_TOKEN}", scopes: [admin]}
              - {name: acme-team, token: "${ACME_TOKEN}", scopes: ["tenant:acme"]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092"}
              objectStore: {bucket: acme-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: "${S3_SECRET}"}
            - name: globex
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092"}
              objectStore: {bucket: globex-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: "${S3_SECRET}"}
              retention: {defaultDays: 9}
          """,
          s -> {
            for (String tenant : new String[] {"acme", "globex"}) {
              seed(LocalMoto.shared(), tenant + "-logs", "orders", "cart");
            }
            return Map.of("ADMIN_TOKEN", ADMIN, "ACME_TOKEN", ACME, "S3_SECRET", "test");
          });

  private static String base;
  private static String jdbcUrl;
  private static LogwiseConfiguration config;

  @BeforeAll
  static void names() {
    base = stack.base();
    jdbcUrl = stack.jdbcUrl();
    config = stack.config();
  }

  private static void seed(LocalMoto moto, String bucket, String... services) {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(moto.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      s3.createBucket(b -> b.bucket(bucket));
      for (String s : services) {
        s3.putObject(
            b -> b.bucket(bucket).key("logs/service_name=" + s + "/year=2026/p.parquet"),
            RequestBody.fromString("x"));
      }
    }
  }

  private static int rows(String tenant) throws Exception {
    try (Connection c =
            DriverManager.getConnection(jdbcUrl, LocalMariaDb.USER, LocalMariaDb.PASSWORD);
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM service_details WHERE tenant = ?")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void aTenantTokenSyncsItsTenantAndIsForbiddenElsewhere() throws Exception {
    Http.Reply own =
        Http.send("POST", base + "/component/sync?componentType=application", ACME, "acme", null);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.body().get("discovered").asInt()).isEqualTo(2);
    assertThat(rows("acme")).isEqualTo(2);
    assertThat(own.body().at("/lifecycle/written").asBoolean())
        .as("lifecycle reconciled after the sync")
        .isFalse();
    assertThat(own.body().at("/lifecycle/logwiseRules").asInt())
        .as("two services at the default retention: one backstop holds both")
        .isEqualTo(1);
    assertThat(own.body().at("/lifecycle/backstopRules").asInt()).isEqualTo(1);
    assertThat(own.body().at("/sweep/candidates").asInt())
        .as("the backstop enforces both")
        .isZero();

    int globexBefore = rows("globex");
    Http.Reply other =
        Http.send("POST", base + "/api/v1/tenants/globex/services:sync", ACME, null, null);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.body().at("/error/code").asText()).isEqualTo("FORBIDDEN");
    Http.Reply otherList = Http.send("GET", base + "/service-details", ACME, "globex", null);
    assertThat(otherList.status()).isEqualTo(403);
    assertThat(rows("globex")).isEqualTo(globexBefore);
  }

  @Test
  void garbageInputIsA400AndWritesNothing() throws Exception {
    Http.Reply setup =
        Http.send("POST", base + "/api/v1/tenants/globex/services:sync", ADMIN, null, null);
    assertThat(setup.status()).isEqualTo(200);
    int before = rows("globex");
    seed(LocalMoto.shared(), "globex-logs", "search"); // would be added by any sync that ran

    Http.Reply malformed =
        Http.send(
            "POST", base + "/api/v1/tenants/globex/services:sync", ADMIN, null, "{\"reason\": ");
    Http.Reply wrongType =
        Http.send("POST", base + "/component/sync?componentType=%00garbage", ADMIN, "globex", null);
    Http.Reply noHeader =
        Http.send("POST", base + "/component/sync?componentType=application", ADMIN, null, null);
    Http.Reply tooLong =
        Http.send(
            "POST",
            base + "/api/v1/tenants/globex/services:sync",
            ADMIN,
            null,
            "{\"reason\":\"" + "x".repeat(500) + "\"}");

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(noHeader.status()).isEqualTo(400);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(rows("globex")).as("no sync ran").isEqualTo(before);

    Http.Reply real =
        Http.send("POST", base + "/api/v1/tenants/globex/services:sync", ADMIN, null, null);
    assertThat(real.body().get("added").asInt()).isEqualTo(1);
    assertThat(rows("globex")).isEqualTo(before + 1);
  }

  @Test
  void perTenantRetentionDefaultsAreApplied() throws Exception {
    Http.Reply sync =
        Http.send("POST", base + "/api/v1/tenants/globex/services:sync", ADMIN, null, null);
    assertThat(sync.status()).isEqualTo(200);
    Http.Reply list = Http.send("GET", base + "/api/v1/tenants/globex/services", ADMIN, null, null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("serviceDetails").findValuesAsText("retentionDays"))
        .containsOnly("9");
  }

  @Test
  void theWorkerSizesAndReportsItsWorkflowCache() throws Exception {
    String scrape = stack.scrape();
    // the stack runs without sticky execution (the test server), where no task reuses a cached
    // workflow: the small cache, and a hit ratio of 0 once tasks ran
    assertThat(scrape)
        .contains(
            "logwise_worker_workflow_cache_capacity " + WorkerSettings.NON_STICKY_CACHE + ".0");
    // Temporal's own counters behind the ratio, reported every 10 s
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!stack.scrape().contains("temporal_workflow_task_queue_poll_succeed")
        && System.nanoTime() < until) {
      Thread.sleep(500);
    }
    assertThat(stack.scrape())
        .contains("temporal_workflow_task_queue_poll_succeed")
        .contains("logwise_worker_workflow_cache_hit_ratio 0.0");
  }

  @Test
  void restartingTheWorkerKeepsTheSameWorkflowRuns() throws Exception {
    var before = TenantWorkflows.ensureRunning(clientOf(), config, true);
    var again = TenantWorkflows.ensureRunning(clientOf(), config, true);
    assertThat(again).isEqualTo(before);
    assertThat(before)
        .extracting(TenantWorkflows.Ensured::workflowId)
        .containsExactly(
            "retention-sync/acme",
            "scaling-loop/acme",
            "kafka-partitions/acme",
            "planned-events/acme",
            "retention-sync/globex",
            "scaling-loop/globex",
            "kafka-partitions/globex",
            "planned-events/globex");
  }

  private static io.temporal.client.WorkflowClient clientOf() {
    return stack.client();
  }

  @Test
  void statusListsEachTenantsWorkflowsWithoutTheTemporalCli() throws Exception {
    // a migration kicked off with the temporal CLI, as an operator would (no search attribute):
    // the real server's visibility lists it under its tenant; it waits for a worker that polls
    // no queue here, so it stays RUNNING
    String migration = io.logwise.workflows.WorkflowIds.kafkaMigration("acme", "from-cli");
    DevCommandIT.temporalCli(
        stack.temporalTarget(),
        "workflow",
        "start",
        "--type",
        "KafkaClusterMigration",
        "--task-queue",
        "nobody-polls-this",
        "--workflow-id",
        migration,
        "--input",
        "{\"tenant\":\"acme\"}");
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      exit =
          Logwise.commandLine()
              .execute("status", "--address", stack.temporalTarget(), "--tenants", "acme,globex");
    } finally {
      System.setOut(old);
    }
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(exit).as(text).isZero();
    assertThat(text)
        .contains("acme\n", "globex\n")
        .containsPattern("retention-sync/acme\\s+RUNNING\\s+\\d+ events\\s+.*syncCount=")
        .contains("spark-supervisor/acme")
        .containsPattern(java.util.regex.Pattern.quote(migration) + "\\s+RUNNING");
    assertThat(text.substring(text.indexOf("globex\n"))).doesNotContain(migration);
    assertThat(Logwise.commandLine().execute("status"))
        .as("nothing to look at: usage")
        .isEqualTo(2);
  }
}
