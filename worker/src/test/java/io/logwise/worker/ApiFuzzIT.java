package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generated requests against the real API — every route, with bad bodies, headers, methods and
 * paths — counted by status. Fails on any 5xx but a 503 with a documented code, and on any error
 * response outside {@code {"error":{"code","message"}}}. {@code -Dlogwise.fuzz.requests=N} sets how
 * many (default 1,500 in the build; {@code bench/api-fuzz.sh} runs 10,000) and {@code
 * -Dlogwise.fuzz.seed=S} the seed, so a failure can be replayed.
 */
class ApiFuzzIT {

  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final String ACME = "acme-token-0123456789abcdef";
  private static final String LISTENER = "acme-listener-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 503 codes the API documents: the dependency or the workflow cannot do it now. */
  private static final Set<String> DOCUMENTED_503 =
      Set.of(
          "TEMPORAL_UNAVAILABLE",
          "WORKFLOW_NOT_RUNNING",
          "TIMEOUT",
          "BUSY",
          "DATABASE_UNAVAILABLE",
          "SYNC_FAILED",
          "PLAN_FAILED",
          "FRESHNESS_FAILED",
          "HEALTH_FAILED",
          "CHECK_FAILED",
          "QUERY_FAILED",
          "NOT_DELIVERED",
          "UPDATE_FAILED",
          "CONTROL_FAILED",
          "REPLAY_FAILED",
          "OVERRIDE_FAILED",
          "UNAVAILABLE");

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "fuzz",
          """
          auth:
            tokens:
              - {name: ops, token: "${ADMIN_TOKEN}", scopes: [admin]}
              - {name: acme-team, token: "${ACME_TOKEN}", scopes: ["tenant:acme"]}
              - {name: acme-spark, token: "${LISTENER_TOKEN}", scopes: ["listener:acme"]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092"}
              objectStore: {bucket: fuzz-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
            - name: globex
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092"}
              objectStore: {bucket: fuzz-logs-2, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          """,
          s -> Map.of("ADMIN_TOKEN", ADMIN, "ACME_TOKEN", ACME, "LISTENER_TOKEN", LISTENER));

  private static final String[] TENANTS = {
    "acme", "globex", "nobody", "%25", "ACME", "a".repeat(70), "%C3%A9", "..", "acme%20"
  };

  /** Each route with the method it is meant for; other methods are tried too. */
  private static final String[] ROUTES = {
    "GET /api/v1/tenants/{t}/services",
    "POST /api/v1/tenants/{t}/services:sync",
    "PUT /api/v1/tenants/{t}/services/orders/retention",
    "PUT /api/v1/tenants/{t}/retention",
    "GET /api/v1/tenants/{t}/retention/plan",
    "GET /api/v1/tenants/{t}/retention/sweep-plan",
    "GET /api/v1/tenants/{t}/freshness",
    "GET /api/v1/tenants/{t}/freshness?service=orders",
    "GET /api/v1/tenants/{t}/health",
    "GET /api/v1/tenants/{t}/health?refresh=true",
    "GET /api/v1/tenants/{t}/spark",
    "POST /api/v1/tenants/{t}/spark:check",
    "POST /api/v1/tenants/{t}/spark:replay",
    "POST /api/v1/tenants/{t}/spark:pause",
    "POST /api/v1/tenants/{t}/batches",
    "PUT /api/v1/tenants/{t}/scaling/override",
    "GET /api/v1/tenants/{t}/scaling/decisions?limit=5",
    "GET /api/v1/tenants/{t}/scaling/decisions?limit=-1",
    "GET /api/v1/tenants/{t}/kafka/partitions",
    "GET /api/v1/tenants/{t}/vector",
    "GET /api/v1/tenants/{t}/vector/decisions?limit=0",
    "GET /api/v1/tenants/{t}/planned-events",
    "POST /api/v1/tenants/{t}/planned-events",
    "GET /api/v1/tenants/{t}/planned-events/sale",
    "DELETE /api/v1/tenants/{t}/planned-events/sale",
    "GET /api/v1/tenants/{t}/kafka/partitions/decisions",
    "POST /api/v1/tenants/{t}/kafka/migrations",
    "GET /api/v1/tenants/{t}/kafka/migrations/m-1",
    "POST /api/v1/what-if",
    "GET /api/v1/sizing?logsPerSecond=50000&avgMessageBytes=1024",
    "GET /api/v1/sizing?logsPerSecond=-1&avgMessageBytes=x&peakRatio=NaN",
    "GET /api/v1/sizing",
    "GET /sizing",
    "GET /service-details",
    "POST /component/sync?componentType=application",
    "POST /component/sync?componentType=spark",
    "GET /metric/sync-delay",
    "GET /pipeline/health",
    "POST /scale-spark-cluster",
    "POST /update-spark-scale-override",
    "GET /spark-stage-history?limit=3",
    "POST /monitor-spark-job",
    "GET /no/such/route",
    "GET /api/v1/tenants",
  };

  private static final String[] METHODS = {
    "GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "FOO"
  };

  private static final String[] BODIES = {
    null,
    "",
    "{",
    "[]",
    "null",
    "42",
    "\"text\"",
    "{\"days\":7}",
    "{\"days\":12.9}",
    "{\"days\":\"7\"}",
    "{\"days\":0}",
    "{\"days\":99999999999999999999}",
    "{\"service\":\"a%2Fb\",\"days\":3}",
    "{\"reason\":\"x\"}",
    "{\"reason\":" + "\"" + "x".repeat(500) + "\"}",
    "{\"fromTimestamp\":\"+1000000000-01-01T00:00:00Z\",\"reason\":\"x\"}",
    "{\"fromTimestamp\":\"2026-11-30T00:00:00Z\",\"reason\":\"x\"}",
    "{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"}",
    "{\"inputRecords\":\"7\",\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"}",
    "{\"inputRecords\":-1,\"outputBytes\":1.5,\"submissionTime\":true,\"completionTime\":[],\"status\":123}",
    "{\"sparkStageHistory\":{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1,\"completionTime\":2,\"status\":\"succeeded\"}}",
    "{\"history\":[],\"walFiles\":[null],\"actualWorkers\":3}",
    "{\"history\":[{\"inputRecords\":\"many\"}],\"actualWorkers\":1}",
    "{\"enableUpScale\":\"yes\"}",
    "{\"enableUpScale\":true,\"enableDownScale\":false}",
    "{\"a\":{\"b\":{\"c\":{\"d\":[1,2,{\"e\":null}]}}}}",
    "\u0000\u0001\u0002",
    "{\"newBootstrapServers\":\"127.0.0.1:1\",\"reason\":\"fuzz\"}",
  };

  private static final String[] CONTENT_TYPES = {
    null,
    "application/json",
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=bogus",
    "text/plain",
    "garbage",
    "application/x-www-form-urlencoded",
  };

  private static final String[] ACCEPTS = {
    null, null, "application/json", "*/*", "text/html", "garbage/"
  };

  private static final String[] TOKENS = {ADMIN, ADMIN, ACME, LISTENER, null, "wrong-token"};

  /** Why a reply breaks the contract, or null. */
  private static String problem(String method, RawHttp.Reply r) {
    if (r.status() >= 500 && r.status() != 503) {
      return "HTTP " + r.status();
    }
    boolean error = r.status() >= 400;
    if (!error) {
      return null;
    }
    if (r.status() == 503 && r.body().contains("\"checks\"") && r.body().contains("\"DOWN\"")) {
      return null; // a health report that says DOWN: 503 with the report, as documented
    }
    if ("HEAD".equals(method)) {
      return null;
    }
    if (r.contentType() == null || !r.contentType().startsWith("application/json")) {
      return "error without a JSON body (" + r.contentType() + ")";
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return "error body is not JSON";
    }
    JsonNode e = body == null ? null : body.get("error");
    if (e == null || body.size() != 1 || !e.hasNonNull("code") || !e.hasNonNull("message")) {
      return "error outside the shape";
    }
    String message = e.get("message").asText();
    if (message.contains("Exception")
        || message.matches(".*\\b(java|jakarta|io\\.logwise)\\.[a-z].*")) {
      return "internal names in the message: " + message;
    }
    if (r.status() == 503 && !DOCUMENTED_503.contains(e.get("code").asText())) {
      return "undocumented 503 code " + e.get("code").asText();
    }
    return null;
  }

  @Test
  void generatedRequestsGetOnlyDocumentedAnswers() throws Exception {
    int count = Integer.getInteger("logwise.fuzz.requests", 1500);
    long seed = Long.getLong("logwise.fuzz.seed", 20261201L);
    Random random = new Random(seed);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Map<String, String> failures = new TreeMap<>();
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String[] route = pick(random, ROUTES).split(" ", 2);
      String method = random.nextInt(10) < 7 ? route[0] : pick(random, METHODS);
      String path = route[1].replace("{t}", pick(random, TENANTS));
      String body = "GET".equals(method) || "TRACE".equals(method) ? null : pick(random, BODIES);
      StringBuilder headers = new StringBuilder();
      String type = body == null ? null : pick(random, CONTENT_TYPES);
      if (type != null) {
        headers.append("Content-Type: ").append(type).append("\r\n");
      }
      String accept = pick(random, ACCEPTS);
      if (accept != null) {
        headers.append("Accept: ").append(accept).append("\r\n");
      }
      if (!path.contains("/api/v1/tenants/") && random.nextBoolean()) {
        headers
            .append("X-Tenant-Name: ")
            .append(pick(random, new String[] {"acme", "globex", "nobody", ""}))
            .append("\r\n");
      }
      if (random.nextInt(50) == 0) {
        headers.append("X-Big: ").append("x".repeat(9000)).append("\r\n");
      }
      RawHttp.Reply r =
          RawHttp.send(stack.base(), method, path, pick(random, TOKENS), headers.toString(), body);
      byStatus.merge(r.status(), 1, Integer::sum);
      String problem = problem(method, r);
      if (problem != null) {
        failures.putIfAbsent(
            problem + " for " + method + " " + (path.length() > 90 ? path.substring(0, 90) : path),
            "#"
                + i
                + " "
                + headers.toString().replace("\r\n", " | ")
                + " body "
                + body
                + " -> "
                + r.status()
                + " "
                + r.body());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "api fuzz: %d requests (seed %d) in %.1f s, by status %s, %d distinct problems%n",
        count, seed, seconds, byStatus, failures.size());
    failures.forEach((k, v) -> System.out.println("  " + k + "\n      " + v));
    assertThat(failures).as("requests answered outside the contract").isEmpty();
    assertThat(byStatus.keySet()).as("the routes were reached").contains(200, 400, 401, 403, 404);
  }

  private static <T> T pick(Random random, T[] from) {
    return from[random.nextInt(from.length)];
  }
}
