package io.logwise.activities.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.policy.vector.VectorPolicy;
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

/**
 * One minute of Vector, read from the Prometheus HTTP API ({@code /api/v1/query}): per-instance CPU
 * utilisation and memory (averaged over instances), logs in per second and pending requests
 * (summed). Each metric is its own PromQL query, returning one series per Vector instance; the
 * defaults are written for Vector's {@code host_metrics} and {@code internal_metrics} sources. A
 * query that fails or returns nothing leaves its field empty (the policy counts such a minute as
 * neither high nor low); Prometheus itself unreachable is a retryable failure naming it.
 */
public final class PrometheusVectorMetrics {

  /** The PromQL per metric; each should return one series per Vector instance. */
  public record Queries(String cpu, String memory, String logsIn, String pending) {

    public static final Queries DEFAULTS =
        new Queries(
            "1 - avg by (instance) (rate(host_cpu_seconds_total{mode=\"idle\"}[1m]))",
            "avg by (instance) (host_memory_used_bytes)",
            "sum by (instance) (rate(vector_component_received_events_total{component_kind=\"source\"}[1m]))",
            "sum by (instance) (vector_buffer_events)");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI base;
  private final Queries queries;

  public PrometheusVectorMetrics(HttpClient http, URI base, Queries queries) {
    this.http = http;
    this.base = base;
    this.queries = queries;
  }

  /** A sample for {@code nowMillis}; fields Prometheus could not answer are null. */
  public VectorPolicy.Sample sample(long nowMillis) {
    List<Double> cpu = values(queries.cpu());
    List<Double> memory = values(queries.memory());
    List<Double> logsIn = values(queries.logsIn());
    List<Double> pending = values(queries.pending());
    return new VectorPolicy.Sample(
        nowMillis,
        average(cpu),
        average(memory),
        sum(logsIn),
        sum(pending),
        cpu == null || cpu.isEmpty() ? null : cpu.size());
  }

  /** One value per series, or null when the query failed or matched nothing. */
  List<Double> values(String promql) {
    if (promql == null || promql.isBlank()) {
      return null;
    }
    URI uri =
        base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw LogwiseFailures.unavailable(
          "Prometheus at "
              + base
              + " cannot be reached: "
              + io.logwise.activities.Problems.describe(
                  e, io.logwise.activities.Problems.address(base)),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LogwiseFailures.unavailable("interrupted while asking Prometheus at " + base, e);
    }
    if (r.statusCode() != 200) {
      return null; // a bad query (400) or an overloaded server: this metric is missing this minute
    }
    JsonNode result;
    try {
      result = JSON.readTree(r.body()).path("data").path("result");
    } catch (IOException e) {
      return null;
    }
    List<Double> out = new ArrayList<>();
    for (JsonNode series : result) {
      JsonNode value = series.path("value");
      if (value.size() == 2) {
        try {
          double v = Double.parseDouble(value.get(1).asText());
          if (Double.isFinite(v)) {
            out.add(v);
          }
        } catch (NumberFormatException e) {
          // "NaN" and friends: not a measurement
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  static Double average(List<Double> v) {
    return v == null ? null : v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  static Double sum(List<Double> v) {
    return v == null ? null : v.stream().mapToDouble(Double::doubleValue).sum();
  }
}
