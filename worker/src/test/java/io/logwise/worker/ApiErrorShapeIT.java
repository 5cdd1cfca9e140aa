package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12's reproductions against the real API (Jetty, Jersey, our mappers): every response the
 * server sends has the one error shape, bodies are not coerced, and messages speak the caller's
 * terms. Raw sockets, because a well-behaved HTTP client refuses to send most of these.
 */
class ApiErrorShapeIT {

  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final java.nio.file.Path REQUEST_LOG =
      java.nio.file.Path.of("target", "shape-requests-" + java.util.UUID.randomUUID() + ".log");

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.oneTenantWithApi("shape", ADMIN).requestLogTo(REQUEST_LOG);

  private static RawHttp.Reply raw(String method, String target, String headers, String body)
      throws IOException {
    return RawHttp.send(stack.base(), method, target, ADMIN, headers, body);
  }

  private static void assertShape(RawHttp.Reply r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).as(r.body()).startsWith("application/json");
    JsonNode error = r.json().get("error");
    assertThat(error).as(r.body()).isNotNull();
    assertThat(error.get("code").asText()).isNotBlank();
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(r.json().size()).as("only the error object: %s", r.body()).isEqualTo(1);
  }

  @Test
  void badUrisAreJsonErrors() throws Exception {
    for (String path :
        new String[] {
          "/api/v1/tenants/%25/services",
          "/api/v1/tenants/%00/services",
          "/api/v1/tenants/%ZZ/services",
          "/api/v1/tenants/acme%2Fbeta/services"
        }) {
      RawHttp.Reply r = raw("GET", path, null, null);
      assertThat(r.status()).as(path).isBetween(400, 404);
      assertShape(r, r.status());
    }
  }

  @Test
  void badHeadersAndMethodsAreJsonErrors() throws Exception {
    String batch =
        "{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"}";
    RawHttp.Reply garbage =
        raw("POST", "/api/v1/tenants/acme/batches", "Content-Type: garbage\r\n", batch);
    assertThat(garbage.status()).as("Jetty refuses it before Jersey: 400").isIn(400, 415);
    assertShape(garbage, garbage.status());
    assertShape(
        raw(
            "POST",
            "/api/v1/what-if",
            "Content-Type: application/json; charset=bogus\r\n",
            "{\"history\":[],\"actualWorkers\":3}"),
        415);
    assertShape(
        raw(
            "POST",
            "/api/v1/tenants/acme/batches",
            "Content-Type: application/json; charset=bogus\r\n",
            batch),
        415);
    assertShape(raw("GET", "/api/v1/tenants/acme/services", "Accept: garbage/\r\n", null), 406);
    assertShape(
        raw("GET", "/api/v1/tenants/acme/services", "X-Big: " + "x".repeat(9000) + "\r\n", null),
        431);
    assertShape(raw("TRACE", "/api/v1/tenants/acme/services", null, null), 405);
    assertShape(raw("FOO", "/api/v1/tenants/acme/services", null, null), 405);
    assertShape(raw("GET", "/no/such/path", null, null), 404);
  }

  @Test
  void wrongJsonTypesAreRefusedNamingTheField() throws Exception {
    String good =
        "\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"";
    for (String bad :
        new String[] {
          "{\"inputRecords\":\"7\"," + good + "}",
          "{\"inputRecords\":7,\"batchId\":true,"
              + good.replace("\"outputBytes\":1", "\"outputBytes\":1")
              + "}",
          "{\"inputRecords\":7," + good.replace("\"outputBytes\":1", "\"outputBytes\":1.9") + "}",
          "{\"inputRecords\":7," + good.replace("\"status\":\"succeeded\"", "\"status\":123") + "}"
        }) {
      RawHttp.Reply r =
          raw("POST", "/api/v1/tenants/acme/batches", "Content-Type: application/json\r\n", bad);
      assertShape(r, 400);
      String message = r.json().at("/error/message").asText();
      assertThat(message)
          .as(bad)
          .doesNotContain("java.")
          .doesNotContain("$")
          .doesNotContain("BatchBody");
      assertThat(message).as(bad).containsAnyOf("inputRecords", "batchId", "outputBytes", "status");
    }
    RawHttp.Reply days =
        raw(
            "PUT",
            "/api/v1/tenants/acme/services/orders/retention",
            "Content-Type: application/json\r\n",
            "{\"days\":12.9}");
    assertShape(days, 400);
    assertThat(days.json().at("/error/message").asText()).contains("days").contains("whole number");
  }

  @Test
  void malformedJsonIsDescribedWithoutInternalNames() throws Exception {
    RawHttp.Reply r =
        raw(
            "POST",
            "/api/v1/tenants/acme/batches",
            "Content-Type: application/json\r\n",
            "{\"inputRecords\": ");
    assertShape(r, 400);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(r.json().at("/error/message").asText())
        .doesNotContain("java.")
        .doesNotContain("$")
        .doesNotContain("REDACTED");
  }

  /**
   * A request refused before its body is read (unknown tenant, missing token) used to leave the
   * body unread: Jetty then closed the connection, and a client whose body arrived after the reply
   * got a reset instead of the 403/404 (the Java HTTP client reported "header parser received no
   * bytes" in {@code ScalingEndToEndIT}). The body is now read and the connection kept.
   */
  @Test
  void aRequestRefusedBeforeItsBodyIsReadKeepsTheConnection() throws Exception {
    String batch =
        "{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"}";
    try (RawHttp.Connection c = new RawHttp.Connection(stack.base())) {
      c.write("POST", "/api/v1/tenants/nosuch/batches", ADMIN, batch, 300);
      RawHttp.Reply refused = c.read();
      assertShape(refused, 404);
      assertThat(refused.head()).doesNotContain("connection: close");
      c.write("POST", "/api/v1/tenants/acme/batches", null, batch, 300);
      RawHttp.Reply anonymous = c.read();
      assertShape(anonymous, 401);
      assertThat(anonymous.head()).doesNotContain("connection: close");
      c.write("GET", "/api/v1/tenants/acme/services", ADMIN, null, 0);
      assertThat(c.read().status()).isEqualTo(200);
    }
  }

  @Test
  void bodiesOfAnySizeGetAnAnswerInTheErrorShape() throws Exception {
    // 0.75-1.8 MB bodies used to meet a reset before any answer (the client saw a broken pipe)
    for (int size : new int[] {750_000, 1_200_000, 1_800_000}) {
      String malformed = "{\"reason\": " + "x".repeat(size);
      RawHttp.Reply r =
          raw(
              "POST",
              "/api/v1/tenants/acme/services:sync",
              "Content-Type: application/json\r\n",
              malformed);
      if (size > 1 << 20) {
        assertShape(r, 413);
        assertThat(r.json().at("/error/message").asText()).contains("at most 1048576");
      } else {
        assertShape(r, 400);
      }
    }
  }

  @Test
  void aChunkedBodyPastTheLimitIsA413Too() throws Exception {
    byte[] big = ("{\"reason\": \"" + "x".repeat(1_500_000) + "\"}").getBytes();
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.base() + "/api/v1/what-if"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .header("Content-Type", "application/json")
                    // no length declared: sent chunked
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(big)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("BODY_TOO_LARGE");
  }

  @Test
  void secretsInQueryStringsNeverReachTheRequestLog() throws Exception {
    RawHttp.Reply r =
        raw("GET", "/api/v1/tenants/acme/services?access_token=SECRET-IN-URL-42", null, null);
    assertThat(r.status()).isEqualTo(200);
    String log = "";
    for (int i = 0; i < 50 && !log.contains("/api/v1/tenants/acme/services"); i++) {
      Thread.sleep(100); // the request log is written asynchronously
      log =
          java.nio.file.Files.exists(REQUEST_LOG)
              ? java.nio.file.Files.readString(REQUEST_LOG)
              : "";
    }
    assertThat(log).contains("GET /api/v1/tenants/acme/services HTTP/1.1").doesNotContain("SECRET");
    assertThat(log).doesNotContain(ADMIN);
  }
}
