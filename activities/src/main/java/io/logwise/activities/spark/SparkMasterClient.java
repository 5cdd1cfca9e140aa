package io.logwise.activities.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.workflows.LogwiseFailures;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Spark standalone master over HTTP: {@code /json/} on the web port (with the trailing slash:
 * {@code /json} answers a redirect) and the REST submission API. Failures are mapped here, once: no
 * answer or 5xx is {@code LogwiseUnavailable}; a refused submission is {@code LogwiseBadConfig}.
 */
public final class SparkMasterClient {

  /** A driver as {@code /json/} lists it. */
  public record Driver(String id, String state, String worker, String mainClass) {}

  /** A worker as {@code /json/} lists it. */
  public record Worker(String id, String host, String state) {
    /** The master counts it among its alive workers. */
    public boolean isAlive() {
      return "ALIVE".equalsIgnoreCase(state);
    }
  }

  /** An application as {@code /json/} lists it under {@code activeapps}. */
  public record App(String id, String name, String state, int cores) {}

  /** What {@code /json/} says, reduced to what we use. */
  public record Snapshot(
      int aliveWorkers,
      List<Driver> active,
      List<Driver> completed,
      List<Worker> workers,
      List<App> apps) {
    public Snapshot {
      apps = apps == null ? List.of() : List.copyOf(apps);
    }

    /**
     * The cores the master grants the running applications named {@code name} (a driver being
     * replaced can briefly run beside its successor: both count), or null when none runs.
     */
    public Integer grantedCores(String name) {
      Integer cores = null;
      for (App a : apps) {
        if (name != null && name.equals(a.name()) && "RUNNING".equalsIgnoreCase(a.state())) {
          cores = (cores == null ? 0 : cores) + a.cores();
        }
      }
      return cores;
    }
  }

  /** {@code /v1/submissions/status/{id}}: {@code found} false when the master does not know it. */
  public record Status(boolean found, String driverState, String message) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient http;
  private final String web;
  private final String rest;

  public SparkMasterClient(HttpClient http, String host, int webPort, int restPort) {
    this.http = http;
    this.web = "http://" + host + ":" + webPort;
    this.rest = "http://" + host + ":" + restPort;
  }

  /** The client for a tenant's configured master. */
  public static SparkMasterClient of(HttpClient http, io.logwise.config.TenantConfig tenant) {
    io.logwise.config.SparkSettings s = tenant.getSpark();
    return new SparkMasterClient(http, s.getMasterHost(), s.getMasterWebPort(), s.getRestPort());
  }

  public Snapshot snapshot() {
    JsonNode json = send(HttpRequest.newBuilder(URI.create(web + "/json/")).GET(), "read /json/");
    List<Worker> workers = new ArrayList<>();
    for (JsonNode w : json.path("workers")) {
      workers.add(new Worker(text(w, "id"), text(w, "host"), text(w, "state")));
    }
    List<App> apps = new ArrayList<>();
    for (JsonNode a : json.path("activeapps")) {
      apps.add(new App(text(a, "id"), text(a, "name"), text(a, "state"), a.path("cores").asInt(0)));
    }
    return new Snapshot(
        json.path("aliveworkers").asInt(0),
        drivers(json.path("activedrivers")),
        drivers(json.path("completeddrivers")),
        workers,
        apps);
  }

  public Status status(String submissionId) {
    JsonNode json =
        send(
            HttpRequest.newBuilder(
                    URI.create(rest + "/v1/submissions/status/" + encode(submissionId)))
                .GET(),
            "read submission status");
    boolean found = json.path("success").asBoolean(false) && json.hasNonNull("driverState");
    return new Status(found, text(json, "driverState"), text(json, "message"));
  }

  /** Creates a submission; returns its id. */
  public String create(Map<String, Object> body) {
    String payload;
    try {
      payload = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw LogwiseFailures.badConfig("cannot encode the submission: " + e.getMessage());
    }
    HttpResponse<String> response =
        exchange(
            HttpRequest.newBuilder(URI.create(rest + "/v1/submissions/create"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload)),
            "submit the driver");
    JsonNode json = parse(response.body(), "submit the driver");
    String message = text(json, "message");
    if (response.statusCode() >= 500) {
      throw LogwiseFailures.unavailable(
          "Spark master answered " + response.statusCode() + " to a submission: " + message, null);
    }
    if (response.statusCode() >= 400) {
      throw LogwiseFailures.badConfig(
          "Spark master refused the submission (HTTP " + response.statusCode() + "): " + message);
    }
    if (!json.path("success").asBoolean(false) || !json.hasNonNull("submissionId")) {
      if (message != null && message.contains("ALIVE state")) {
        // a standby master: another one will take over
        throw LogwiseFailures.unavailable("Spark master is not the active one: " + message, null);
      }
      throw LogwiseFailures.badConfig("Spark master refused the submission: " + message);
    }
    return json.get("submissionId").asText();
  }

  /** Asks for a kill; false when the master says the driver already ended or is unknown. */
  public boolean kill(String submissionId) {
    JsonNode json =
        send(
            HttpRequest.newBuilder(
                    URI.create(rest + "/v1/submissions/kill/" + encode(submissionId)))
                .POST(HttpRequest.BodyPublishers.noBody()),
            "kill the driver");
    return json.path("success").asBoolean(false);
  }

  private JsonNode send(HttpRequest.Builder request, String what) {
    HttpResponse<String> response = exchange(request, what);
    if (response.statusCode() >= 500) {
      throw LogwiseFailures.unavailable(
          "Spark master answered " + response.statusCode() + " when asked to " + what, null);
    }
    return parse(response.body(), what);
  }

  private static String address(HttpRequest.Builder request) {
    return io.logwise.activities.Problems.address(request.copy().build().uri());
  }

  private HttpResponse<String> exchange(HttpRequest.Builder request, String what) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw LogwiseFailures.unavailable(
          "Spark master unreachable when asked to "
              + what
              + ": "
              + io.logwise.activities.Problems.describe(e, address(request)),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LogwiseFailures.unavailable("interrupted when asked to " + what, e);
    }
  }

  private static JsonNode parse(String body, String what) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      throw LogwiseFailures.unavailable("Spark master gave no JSON when asked to " + what, e);
    }
  }

  private static List<Driver> drivers(JsonNode array) {
    List<Driver> out = new ArrayList<>();
    for (JsonNode d : array) {
      out.add(new Driver(text(d, "id"), text(d, "state"), text(d, "worker"), text(d, "mainclass")));
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
