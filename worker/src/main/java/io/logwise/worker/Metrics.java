package io.logwise.worker;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The process's one Micrometer registry, and a tiny scrape endpoint for worker-only processes. */
final class Metrics {

  private Metrics() {}

  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    return registry;
  }

  /** Serves {@code GET /prometheus} on {@code host:port}; the API process uses its admin port. */
  static HttpServer serve(PrometheusMeterRegistry registry, String host, int port)
      throws IOException {
    return serve(registry, host, port, () -> true);
  }

  /**
   * {@code GET /prometheus}, and {@code GET /healthcheck}: 200 {@code {"status":"UP"}} while {@code
   * polling} says the worker polls its task queues, else 503 {@code {"status":"DOWN"}} (starting,
   * still waiting for Temporal, or stopping) — the container's probes.
   */
  static HttpServer serve(
      PrometheusMeterRegistry registry,
      String host,
      int port,
      java.util.function.BooleanSupplier polling)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext(
        "/healthcheck",
        exchange -> {
          boolean up = polling.getAsBoolean();
          byte[] body =
              ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(up ? 200 : 503, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/prometheus",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
