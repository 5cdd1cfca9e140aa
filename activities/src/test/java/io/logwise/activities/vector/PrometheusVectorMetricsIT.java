package io.logwise.activities.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.embedded.LocalPrometheus;
import io.logwise.policy.vector.VectorPolicy;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vector metrics adapter against a real Prometheus (Debian's package, started on a free port)
 * scraping two stand-in Vector instances every second, whose CPU, memory, event and buffer series
 * the test drives; the queries are the defaults with 5-second windows instead of a minute.
 */
class PrometheusVectorMetricsIT {

  private static final PrometheusVectorMetrics.Queries FAST =
      new PrometheusVectorMetrics.Queries(
          "1 - avg by (instance) (rate(host_cpu_seconds_total{mode=\"idle\"}[5s]))",
          "avg by (instance) (host_memory_used_bytes)",
          "sum by (instance) (rate(vector_component_received_events_total{component_kind=\"source\"}[5s]))",
          "sum by (instance) (vector_buffer_events)");

  private final List<AutoCloseable> started = new ArrayList<>();
  private StandInVector a;
  private StandInVector b;
  private LocalPrometheus prometheus;
  private PrometheusVectorMetrics metrics;

  @BeforeEach
  void start() throws Exception {
    a = new StandInVector(0.9, 3_000);
    b = new StandInVector(0.7, 1_000);
    started.add(a);
    started.add(b);
    prometheus =
        LocalPrometheus.start(
            Path.of("target", "prometheus-" + UUID.randomUUID().toString().substring(0, 6)),
            List.of(a.target(), b.target()));
    started.add(prometheus);
    metrics = new PrometheusVectorMetrics(HttpClient.newHttpClient(), prometheus.endpoint(), FAST);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : started) {
      c.close();
    }
  }

  private VectorPolicy.Sample awaitSample(java.util.function.Predicate<VectorPolicy.Sample> done)
      throws InterruptedException {
    VectorPolicy.Sample s = null;
    for (int i = 0; i < 60; i++) {
      s = metrics.sample(System.currentTimeMillis());
      if (done.test(s)) {
        return s;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Prometheus never answered as expected: " + s);
  }

  @Test
  void readsEachInstanceAndAveragesOrSumsThem() throws Exception {
    // rate() spreads what it saw over its whole window: until the series is older than the window
    // it reads low, so wait for the rate to settle (Prometheus's own answer, not a sleep)
    VectorPolicy.Sample s =
        awaitSample(
            x ->
                x.instances() != null
                    && x.instances() == 2
                    && x.logsInPerSecond() != null
                    && x.logsInPerSecond() >= 3_400.0);
    assertThat(s.cpuUtilisation()).as("(90 % + 70 %) / 2").isBetween(0.74, 0.86);
    assertThat(s.memoryBytes()).isEqualTo(200e6);
    assertThat(s.logsInPerSecond()).as("3,000 + 1,000 events/s").isBetween(3_400.0, 4_600.0);
    assertThat(s.pendingRequests()).isZero();

    // the policy on what Prometheus said: 1,500 queued requests on one instance → one more
    a.bufferEvents = 1_500;
    VectorPolicy.Sample queued =
        awaitSample(x -> x.pendingRequests() != null && x.pendingRequests() >= 1_500);
    VectorPolicy.Decision d =
        VectorPolicy.decide(
            List.of(queued), 2, 0, 0, queued.atMillis(), VectorPolicy.Rules.DEFAULTS);
    assertThat(d.why()).isEqualTo(VectorPolicy.Why.PENDING_HIGH);
    assertThat(d.targetInstances()).isEqualTo(3);
  }

  @Test
  void aMetricPrometheusDoesNotHaveIsMissingNotZero() throws Exception {
    awaitSample(x -> x.instances() != null && x.instances() == 2);
    PrometheusVectorMetrics wrong =
        new PrometheusVectorMetrics(
            HttpClient.newHttpClient(),
            prometheus.endpoint(),
            new PrometheusVectorMetrics.Queries(
                "avg by (instance) (no_such_metric)", "not valid promql (", FAST.logsIn(), null));
    VectorPolicy.Sample s = wrong.sample(System.currentTimeMillis());
    assertThat(s.cpuUtilisation()).isNull();
    assertThat(s.memoryBytes()).as("a bad query (400) is a missing metric").isNull();
    assertThat(s.pendingRequests()).isNull();
    assertThat(s.logsInPerSecond()).isNotNull();
    VectorPolicy.Decision d =
        VectorPolicy.decide(List.of(s), 2, 0, 0, s.atMillis(), VectorPolicy.Rules.DEFAULTS);
    assertThat(d.why()).isEqualTo(VectorPolicy.Why.NO_METRICS);
  }

  @Test
  void prometheusDownIsARetryableFailureNamingIt() {
    prometheus.close();
    assertThatThrownBy(() -> metrics.sample(System.currentTimeMillis()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse())
        .hasMessageContaining("Prometheus at " + prometheus.endpoint() + " cannot be reached");
  }
}
