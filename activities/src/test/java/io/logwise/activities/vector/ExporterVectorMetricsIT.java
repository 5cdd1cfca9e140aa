package io.logwise.activities.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.logwise.policy.vector.VectorPolicy;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two stand-in Vector exporters over HTTP, scraped directly: rates from one scrape to the next. */
class ExporterVectorMetricsIT {

  @Test
  void ratesComeFromTheSecondScrapeAndAnInstanceAwayIsLeftOut() throws Exception {
    try (StandInVector a = new StandInVector(0.5, 1_000);
        StandInVector b = new StandInVector(0.9, 3_000)) {
      a.bufferEvents = 10;
      b.bufferEvents = 1_500;
      List<URI> endpoints =
          List.of(
              URI.create("http://" + a.target() + "/metrics"),
              URI.create("http://" + b.target() + "/metrics"));
      ExporterVectorMetrics metrics =
          new ExporterVectorMetrics(HttpClient.newHttpClient(), System::nanoTime);

      VectorPolicy.Sample first = metrics.sample(endpoints, 1_000);
      assertThat(first.instances()).isEqualTo(2);
      assertThat(first.cpuUtilisation()).as("a rate needs two scrapes").isNull();
      assertThat(first.logsInPerSecond()).isNull();
      assertThat(first.pendingRequests()).isEqualTo(1_510);
      assertThat(first.memoryBytes()).isEqualTo(200e6);

      Thread.sleep(1_500);
      VectorPolicy.Sample second = metrics.sample(endpoints, 2_000);
      assertThat(second.cpuUtilisation()).isCloseTo(0.7, within(0.05));
      assertThat(second.logsInPerSecond()).isCloseTo(4_000, within(400.0));

      b.close();
      // a window long enough that a GC pause or a late thread (tens of ms) moves the rate little
      Thread.sleep(1_500);
      VectorPolicy.Sample one = metrics.sample(endpoints, 3_000);
      assertThat(one.instances()).isEqualTo(1);
      assertThat(one.pendingRequests()).isEqualTo(10);
      assertThat(one.cpuUtilisation()).isCloseTo(0.5, within(0.05));

      a.close();
      assertThatThrownBy(() -> metrics.sample(endpoints, 4_000))
          .isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining("none of Vector's exporters answered: http://" + a.target());
    }
  }

  @Test
  void theTextFormatIsReadWithLabelsEscapesAndTimestamps() {
    ExporterVectorMetrics.Scrape s =
        ExporterVectorMetrics.parse(
            """
            # HELP host_cpu_seconds_total CPU time.
            # TYPE host_cpu_seconds_total counter
            host_cpu_seconds_total{cpu="0",mode="idle"} 10.5 1700000000000
            host_cpu_seconds_total{cpu="0",mode="user"} 99
            host_cpu_seconds_total{mode="idle",cpu="1"} 2.5
            vector_component_received_events_total{component_id="a \\"quoted\\" id",component_kind="source"} 7
            vector_component_received_events_total{component_id="out",component_kind="sink"} 1000
            vector_component_received_events_total{component_kind="source",component_id="b"} 3
            vector_buffer_events{component_id="kafka"} +Inf
            vector_buffer_events{component_id="s3"} 4
            host_memory_used_bytes 5e8
            not a metric line
            """,
            42);
    assertThat(s.idleByCpu()).containsEntry("0", 10.5).containsEntry("1", 2.5).hasSize(2);
    assertThat(s.received()).isEqualTo(10);
    assertThat(s.pending()).as("+Inf is not a measurement").isEqualTo(4);
    assertThat(s.memory()).isEqualTo(5e8);
    assertThat(s.atNanos()).isEqualTo(42);
  }
}
