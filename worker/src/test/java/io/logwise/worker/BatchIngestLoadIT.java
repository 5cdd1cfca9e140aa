package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batch ingest as fast as {@code logwise.load.posters} listeners can post for {@code
 * logwise.load.seconds} (the build: 4 for 10 s; {@code bench/batch-load.sh} runs 10 minutes): every
 * report the API accepted (202) is recorded — count in = count recorded — and the figures (rate,
 * p50/p99/max latency) are printed.
 */
class BatchIngestLoadIT {

  private static final String LISTENER = "acme-listener-0123456789abcdef";

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "load",
          """
          auth:
            tokens:
              - {name: acme-spark, token: "${LISTENER_TOKEN}", scopes: ["listener:acme"]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092"}
              objectStore: {bucket: load-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          """,
          s -> Map.of("LISTENER_TOKEN", LISTENER));

  @Test
  void everyAcceptedBatchIsRecorded() throws Exception {
    int posters = Integer.getInteger("logwise.load.posters", 4);
    Duration length = Duration.ofSeconds(Long.getLong("logwise.load.seconds", 10));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create(stack.base() + "/api/v1/tenants/acme/batches");
    AtomicLong sequence = new AtomicLong();
    long deadline = System.nanoTime() + length.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(posters);
    List<Future<List<long[]>>> results = new ArrayList<>();
    for (int p = 0; p < posters; p++) {
      results.add(
          pool.submit(
              () -> {
                List<long[]> mine = new ArrayList<>(); // {status, nanos}
                while (System.nanoTime() < deadline) {
                  long n = sequence.incrementAndGet();
                  String body =
                      "{\"batchId\":\"load-"
                          + n
                          + "\",\"inputRecords\":"
                          + (1000 + n)
                          + ",\"outputBytes\":1,\"submissionTime\":"
                          + (n * 1000)
                          + ",\"completionTime\":"
                          + (n * 1000 + 500)
                          + ",\"status\":\"succeeded\"}";
                  long t0 = System.nanoTime();
                  HttpResponse<Void> r =
                      http.send(
                          HttpRequest.newBuilder(uri)
                              .timeout(Duration.ofSeconds(60))
                              .header("Authorization", "Bearer " + LISTENER)
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.discarding());
                  mine.add(new long[] {r.statusCode(), System.nanoTime() - t0});
                }
                return mine;
              }));
    }
    List<Long> latencies = new ArrayList<>();
    Map<Long, Integer> byStatus = new TreeMap<>();
    for (Future<List<long[]>> f : results) {
      for (long[] r : f.get()) {
        byStatus.merge(r[0], 1, Integer::sum);
        latencies.add(r[1]);
      }
    }
    pool.shutdown();
    Collections.sort(latencies);
    int accepted = byStatus.getOrDefault(202L, 0);
    int recorded = recordedBatches();
    System.out.printf(
        "batch ingest: %d posters for %d s: %d requests (%.0f/s), by status %s; latency p50 %.1f ms,"
            + " p99 %.1f ms, max %.1f ms; accepted %d, recorded %d%n",
        posters,
        length.toSeconds(),
        latencies.size(),
        latencies.size() / (double) length.toSeconds(),
        byStatus,
        millis(latencies, 0.50),
        millis(latencies, 0.99),
        millis(latencies, 1.0),
        accepted,
        recorded);
    assertThat(accepted).as("the stack took load").isPositive();
    assertThat(byStatus.keySet()).as("nothing but 202").containsOnly(202L);
    assertThat(recorded).as("count in = count recorded").isEqualTo(accepted);

    double apiRate = latencies.size() / (double) length.toSeconds();
    double apiP99 = millis(latencies, 0.99);
    baseline(posters, length, apiRate, apiP99);

    // issue 15: the scaling loop's runs stay bounded under the burst, and it catches up
    var stubs =
        io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
            io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                .setTarget(stack.temporalTarget())
                .build());
    try {
      var client = io.temporal.client.WorkflowClient.newInstance(stubs);
      var loop =
          client.newWorkflowStub(
              io.logwise.workflows.scaling.ScalingLoopWorkflow.class,
              io.logwise.workflows.WorkflowIds.scalingLoop("acme"));
      long until = System.nanoTime() + 120_000_000_000L;
      while (!loop.state().pendingBatches().isEmpty() && System.nanoTime() < until) {
        Thread.sleep(200);
      }
      assertThat(loop.state().pendingBatches()).as("the loop caught up").isEmpty();
      var runs =
          io.logwise.workflows.Runs.of(
              client, io.logwise.workflows.WorkflowIds.scalingLoop("acme"));
      int longest = io.logwise.workflows.Runs.longest(runs);
      System.out.printf(
          "scaling-loop/acme after the load: %d runs, longest %d events%n", runs.size(), longest);
      assertThat(longest).as("no run above 4,000 events").isLessThanOrEqualTo(4_000);
    } finally {
      stubs.shutdownNow();
    }
  }

  /**
   * What the same Temporal takes without the API: the same posters signal-with-starting one
   * workflow, as the API does the tenant's scaling loop, for the same time (a workflow no worker
   * polls; a new id every 5,000 signals, under the server's per-run signal limit). Prints its rate
   * and latency and the API's share of it.
   */
  private static void baseline(int posters, Duration length, double apiRate, double apiP99)
      throws Exception {
    var client = stack.client();
    long deadline = System.nanoTime() + length.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(posters);
    List<Future<List<Long>>> results = new ArrayList<>();
    AtomicLong sent = new AtomicLong();
    for (int p = 0; p < posters; p++) {
      results.add(
          pool.submit(
              () -> {
                List<Long> mine = new ArrayList<>();
                while (System.nanoTime() < deadline) {
                  long n = sent.getAndIncrement();
                  var stub =
                      client.newUntypedWorkflowStub(
                          "Baseline",
                          io.temporal.client.WorkflowOptions.newBuilder()
                              .setWorkflowId("baseline/" + n / 5000)
                              .setTaskQueue("nobody-polls-this")
                              .build());
                  long t0 = System.nanoTime();
                  stub.signalWithStart("batch", new Object[] {"load-" + n}, new Object[] {});
                  mine.add(System.nanoTime() - t0);
                }
                return mine;
              }));
    }
    List<Long> latencies = new ArrayList<>();
    for (Future<List<Long>> f : results) {
      latencies.addAll(f.get());
    }
    pool.shutdown();
    Collections.sort(latencies);
    double rate = latencies.size() / (double) length.toSeconds();
    System.out.printf(
        "batch ingest: signal-with-start baseline on the same Temporal, %d posters for %d s: %.0f/s,"
            + " p50 %.1f ms, p99 %.1f ms; the API reached %.2f of its rate (target >= 0.8), API"
            + " p99 %.1f ms (target < 50 ms)%n",
        posters,
        length.toSeconds(),
        rate,
        millis(latencies, 0.5),
        millis(latencies, 0.99),
        apiRate / rate,
        apiP99);
  }

  private static double millis(List<Long> sorted, double quantile) {
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  private static int recordedBatches() throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "logwise", "logwise");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM spark_batch WHERE tenant = 'acme' AND batch_id LIKE"
                        + " 'load-%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
