package io.logwise.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON-over-HTTP client for the end-to-end tests. */
final class Http {

  record Reply(int status, JsonNode body) {}

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Http() {}

  /**
   * A call's final answer: a 202 that hands an operation over ({@code follow}) is followed until it
   * ends, and the result is returned as the call's own 200 would have carried it; anything else is
   * returned as it is.
   */
  static Reply followed(String base, Reply r, String token) {
    if (r.status() != 202 || r.body() == null || !r.body().has("follow")) {
      return r;
    }
    Reply last = r;
    while (last.status() == 202) {
      last = send("GET", base + last.body().get("follow").asText(), token, null, null);
    }
    return last.status() == 200 ? new Reply(200, last.body().get("result")) : last;
  }

  static Reply send(String method, String url, String token, String tenantHeader, String body) {
    return send(method, url, token, tenantHeader, body, Duration.ofSeconds(60));
  }

  /** The same, waiting up to {@code timeout} for the answer. */
  static Reply send(
      String method, String url, String token, String tenantHeader, String body, Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (tenantHeader != null) {
      b.header("X-Tenant-Name", tenantHeader);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The body of a plain-text answer (a metrics scrape), or "" when nothing answers. */
  static String sendText(String method, String url, Duration timeout) {
    try {
      return CLIENT
          .send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(timeout)
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
