package io.logwise.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.activities.fleet.SimulatedWorkerFleet;
import io.logwise.config.FleetSettings;
import io.logwise.config.TenantConfig;
import io.logwise.policy.sim.Controller;
import io.logwise.policy.sim.SimConfig;
import io.logwise.policy.sim.Simulator;
import io.logwise.policy.sim.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev sandbox: a tenant whose data plane is the simulator's model, run faster than real time
 * ({@code fleet.simulated.speed}). Every micro-batch of the model is posted to the API as the Spark
 * listener would, with a listener token; the real scaling loop decides and acts on the model's
 * fleet. A newcomer sees batches arrive, decisions made and workers change without any Spark
 * cluster. Report times are model time (anchored at start), so rates come out right; the control
 * plane's own timers (stabilisation, boot timeout) run in real time.
 */
final class Sandbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TenantConfig tenant;
  private final SimulatedWorkerFleet fleet;
  private final long startMillis = System.currentTimeMillis();
  private final ScheduledExecutorService clock =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sandbox");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private Sandbox(TenantConfig tenant, SimulatedWorkerFleet fleet) {
    this.tenant = tenant;
    this.fleet = fleet;
  }

  /** A sandbox for the tenant (fleet type simulated), its model at the start of its trace. */
  static Sandbox of(TenantConfig tenant) throws IOException {
    FleetSettings.Simulated s = tenant.getFleet().getSimulated();
    Trace trace = trace(s.getTrace());
    SimConfig model =
        SimConfig.DEFAULTS.withMaxWorkers(
            Math.min(
                tenant.getScaling().getMaxWorkers(),
                2 * SimConfig.DEFAULTS.workersFor(trace.peak())));
    return new Sandbox(
        tenant, new SimulatedWorkerFleet(new Simulator.Live(trace, model, 60 * 24 * 365)));
  }

  static Trace trace(String name) throws IOException {
    try (InputStream bundled = Sandbox.class.getResourceAsStream("/traces/" + name + ".csv")) {
      if (bundled != null) {
        return Trace.parse(
            name, List.of(new String(bundled.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
      }
    }
    Path file = Path.of(name);
    return Trace.parse(
        file.getFileName().toString().replaceFirst("\\.csv$", ""), Files.readAllLines(file));
  }

  SimulatedWorkerFleet fleet() {
    return fleet;
  }

  /** Starts posting one batch report per trigger of model time to the API. */
  void start(String apiUrl, String listenerToken) {
    int speed = tenant.getFleet().getSimulated().getSpeed();
    long periodMillis = Math.max(50, SimConfig.DEFAULTS.triggerSeconds() * 1000L / speed);
    clock.scheduleAtFixedRate(
        () -> tick(apiUrl, listenerToken), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void tick(String apiUrl, String token) {
    try {
      Controller.Observation o = fleet.model().nextBatch();
      if (o == null) {
        return;
      }
      fleet.walWritten(o.walFile());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("batchId", "sandbox-" + o.walFile().replace(".compact", ""));
      body.put("inputRecords", o.batch().inputRecords());
      body.put("outputBytes", 0);
      body.put("submissionTime", startMillis + o.batch().submissionTime());
      body.put("completionTime", startMillis + o.batch().completionTime());
      body.put("coresUsed", o.batch().coresUsed());
      body.put("status", "succeeded");
      body.put("kafkaLag", o.batch().kafkaLag());
      body.put("endOffsets", Map.of("logs.sandbox", partitions(o.batch().endOffsetSum())));
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(apiUrl + "/api/v1/tenants/" + tenant.getName() + "/batches"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        log.warn("sandbox batch not accepted ({}): {}", r.statusCode(), r.body());
      }
    } catch (IOException e) {
      log.warn("sandbox batch not delivered: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("sandbox step failed: {}", e.toString());
    }
  }

  /** The model's read position spread over the sandbox topic's partitions. */
  private static Map<String, Long> partitions(long total) {
    Map<String, Long> parts = new LinkedHashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      parts.put(String.valueOf(p), total / PARTITIONS + (p < total % PARTITIONS ? 1 : 0));
    }
    return parts;
  }

  private static final int PARTITIONS = 48;

  @Override
  public void close() {
    clock.shutdownNow();
  }
}
