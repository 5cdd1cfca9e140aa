package io.logwise.activities.vector;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in Vector exporting the {@code host_metrics} and {@code internal_metrics} series its
 * scaler reads ({@code /metrics}, Prometheus text format), with a CPU busy share, an event rate and
 * a buffer the test sets.
 */
public final class StandInVector implements AutoCloseable {
  final HttpServer http;
  public volatile double busy; // 0..1: the share of each second its one CPU is not idle
  public volatile double eventsPerSecond;
  public volatile double bufferEvents;
  public volatile double memoryBytes = 200e6;
  private double idleSeconds;
  private double received;
  private long lastNanos = System.nanoTime();

  public StandInVector(double busy, double eventsPerSecond) throws Exception {
    this.busy = busy;
    this.eventsPerSecond = eventsPerSecond;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/metrics",
        ex -> {
          byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    http.start();
  }

  public String target() {
    return "127.0.0.1:" + http.getAddress().getPort();
  }

  private synchronized String exposition() {
    long now = System.nanoTime();
    double seconds = (now - lastNanos) / 1e9;
    lastNanos = now;
    idleSeconds += seconds * (1 - busy);
    received += seconds * eventsPerSecond;
    return "# TYPE host_cpu_seconds_total counter\n"
        + "host_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} "
        + idleSeconds
        + "\n"
        + "# TYPE host_memory_used_bytes gauge\n"
        + "host_memory_used_bytes "
        + memoryBytes
        + "\n"
        + "# TYPE vector_component_received_events_total counter\n"
        + "vector_component_received_events_total{component_id=\"in\",component_kind=\"source\"} "
        + received
        + "\n"
        + "# TYPE vector_buffer_events gauge\n"
        + "vector_buffer_events{component_id=\"kafka\"} "
        + bufferEvents
        + "\n";
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
