package io.logwise.activities.vector;

import io.logwise.policy.vector.VectorPolicy;
import io.logwise.workflows.LogwiseFailures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One minute of Vector read straight from each instance's {@code prometheus_exporter} endpoint
 * (Prometheus text format), without a Prometheus server: the same four figures as {@link
 * PrometheusVectorMetrics} and the same series ({@code host_cpu_seconds_total}, {@code
 * host_memory_used_bytes}, {@code vector_component_received_events_total{component_kind="source"}},
 * {@code vector_buffer_events}). CPU and logs in are rates, so they come from the difference to the
 * previous scrape of the same endpoint, kept in this process: the first minute after a worker
 * starts (or after a counter reset) has no CPU or rate for that instance — a minute without those
 * metrics, which the policy counts as neither high nor low. An endpoint that does not answer is
 * left out of the minute; none answering is a retryable failure naming them.
 */
public final class ExporterVectorMetrics {

  /** What one scrape of one endpoint held. */
  record Scrape(
      long atNanos,
      Map<String, Double> idleByCpu,
      Double received,
      Double memory,
      Double pending) {}

  private final HttpClient http;
  private final LongSupplier nanos;
  private final Map<URI, Scrape> previous = new ConcurrentHashMap<>();

  public ExporterVectorMetrics(HttpClient http, LongSupplier nanos) {
    this.http = http;
    this.nanos = nanos;
  }

  public VectorPolicy.Sample sample(List<URI> endpoints, long nowMillis) {
    List<Double> cpu = new ArrayList<>();
    List<Double> memory = new ArrayList<>();
    List<Double> logsIn = new ArrayList<>();
    List<Double> pending = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int answered = 0;
    for (URI endpoint : endpoints) {
      Scrape now;
      try {
        now = scrape(endpoint);
      } catch (IOException e) {
        failed.add(
            endpoint
                + " ("
                + io.logwise.activities.Problems.describe(
                    e, io.logwise.activities.Problems.address(endpoint))
                + ")");
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw LogwiseFailures.unavailable("interrupted while scraping " + endpoint, e);
      }
      answered++;
      Scrape before = previous.put(endpoint, now);
      if (now.memory() != null) {
        memory.add(now.memory());
      }
      if (now.pending() != null) {
        pending.add(now.pending());
      }
      if (before == null) {
        continue;
      }
      double seconds = (now.atNanos() - before.atNanos()) / 1e9;
      if (seconds <= 0) {
        continue;
      }
      Double busy = busy(before.idleByCpu(), now.idleByCpu(), seconds);
      if (busy != null) {
        cpu.add(busy);
      }
      if (now.received() != null
          && before.received() != null
          && now.received() >= before.received()) {
        logsIn.add((now.received() - before.received()) / seconds);
      }
    }
    if (answered == 0) {
      throw LogwiseFailures.unavailable(
          "none of Vector's exporters answered: " + String.join(", ", failed), null);
    }
    return new VectorPolicy.Sample(
        nowMillis,
        PrometheusVectorMetrics.average(cpu.isEmpty() ? null : cpu),
        PrometheusVectorMetrics.average(memory.isEmpty() ? null : memory),
        PrometheusVectorMetrics.sum(logsIn.isEmpty() ? null : logsIn),
        PrometheusVectorMetrics.sum(pending.isEmpty() ? null : pending),
        answered);
  }

  /** 1 − the idle share averaged over the CPUs seen both times; null when none (or a reset). */
  private static Double busy(Map<String, Double> before, Map<String, Double> now, double seconds) {
    double idle = 0;
    int cpus = 0;
    for (Map.Entry<String, Double> e : now.entrySet()) {
      Double was = before.get(e.getKey());
      if (was == null || e.getValue() < was) {
        continue;
      }
      idle += Math.min(1, (e.getValue() - was) / seconds);
      cpus++;
    }
    return cpus == 0 ? null : Math.max(0, 1 - idle / cpus);
  }

  private Scrape scrape(URI endpoint) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    long at = nanos.getAsLong();
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode());
    }
    return parse(r.body(), at);
  }

  /** The four figures' series from a text exposition. */
  static Scrape parse(String exposition, long atNanos) {
    Map<String, Double> idle = new HashMap<>();
    Double received = null;
    Double memory = null;
    Double pending = null;
    for (String raw : exposition.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Sample s = Sample.parse(line);
      if (s == null || !Double.isFinite(s.value())) {
        continue;
      }
      switch (s.name()) {
        case "host_cpu_seconds_total" -> {
          if ("idle".equals(s.labels().get("mode"))) {
            idle.merge(s.labels().getOrDefault("cpu", ""), s.value(), Double::sum);
          }
        }
        case "vector_component_received_events_total" -> {
          if ("source".equals(s.labels().get("component_kind"))) {
            received = (received == null ? 0 : received) + s.value();
          }
        }
        case "host_memory_used_bytes" -> memory = (memory == null ? 0 : memory) + s.value();
        case "vector_buffer_events" -> pending = (pending == null ? 0 : pending) + s.value();
        default -> {}
      }
    }
    return new Scrape(atNanos, idle, received, memory, pending);
  }

  /** One line of the text format: {@code name{label="value",…} value [timestamp]}. */
  record Sample(String name, Map<String, String> labels, double value) {

    static Sample parse(String line) {
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      if (space < 0) {
        return null;
      }
      Map<String, String> labels = new HashMap<>();
      String name;
      int rest;
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int i = brace + 1;
        while (i < line.length() && line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
            return null;
          }
          String key = line.substring(i, eq).strip();
          StringBuilder value = new StringBuilder();
          int j = eq + 2;
          for (; j < line.length() && line.charAt(j) != '"'; j++) {
            char c = line.charAt(j);
            if (c == '\\' && j + 1 < line.length()) {
              char n = line.charAt(++j);
              value.append(n == 'n' ? '\n' : n);
            } else {
              value.append(c);
            }
          }
          labels.put(key, value.toString());
          i = j + 1;
          if (i < line.length() && line.charAt(i) == ',') {
            i++;
          }
        }
        rest = i + 1;
      } else {
        name = line.substring(0, space);
        rest = space;
      }
      if (rest >= line.length()) {
        return null;
      }
      String[] parts = line.substring(rest).strip().split("\\s+");
      try {
        return new Sample(name, labels, number(parts[0]));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    private static double number(String s) {
      return switch (s) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(s);
      };
    }
  }
}
