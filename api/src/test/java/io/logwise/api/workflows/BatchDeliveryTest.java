package io.logwise.api.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.api.errors.ApiException;
import io.logwise.workflows.scaling.BatchReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchDeliveryTest {

  private record Signal(String tenant, List<BatchReport> reports, long atNanos) {}

  private final List<Signal> signals = new CopyOnWriteArrayList<>();

  /**
   * The delivery's clock, remembering on each thread the last time it gave: a send happens on the
   * thread that stamped it just before, so the sender below records the delivery's own stamp (not
   * its arrival, which a preempted thread would delay by any amount).
   */
  private final ThreadLocal<Long> lastRead = new ThreadLocal<>();

  private final java.util.function.LongSupplier clock =
      () -> {
        long now = System.nanoTime();
        lastRead.set(now);
        return now;
      };
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  private volatile RuntimeException failure;

  private final BatchDelivery.Sender recording =
      (tenant, reports) -> {
        if (failure != null) {
          throw failure;
        }
        signals.add(new Signal(tenant, reports, lastRead.get()));
        try {
          Thread.sleep(2); // a gRPC round trip
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private static BatchReport report(String id) {
    return new BatchReport(id, 1, 1, 1000, 2000, null, "succeeded", null, null, null);
  }

  @Test
  void aBurstSharesSignalsSpacedApartAndEveryReportArrivesOnce() throws Exception {
    Duration spacing = Duration.ofMillis(50);
    BatchDelivery delivery =
        new BatchDelivery(recording, spacing, Duration.ofSeconds(30), timer, clock);
    int posters = 16;
    int each = 60;
    ExecutorService pool = Executors.newFixedThreadPool(posters);
    List<Future<?>> done = new ArrayList<>();
    for (int p = 0; p < posters; p++) {
      int poster = p;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  delivery.deliver("acme", report(poster + "-" + i));
                }
              }));
    }
    for (Future<?> f : done) {
      f.get(); // every deliver returned: its report was in a delivered signal
    }
    pool.shutdown();
    List<String> delivered =
        signals.stream().flatMap(s -> s.reports().stream()).map(BatchReport::batchId).toList();
    assertThat(delivered).hasSize(posters * each).doesNotHaveDuplicates();
    assertThat(signals.size()).as("reports share signals").isLessThan(posters * each / 4);
    assertThat(signals)
        .allSatisfy(s -> assertThat(s.reports()).hasSizeLessThanOrEqualTo(400))
        .allSatisfy(s -> assertThat(s.tenant()).isEqualTo("acme"));
    // the stamps the delivery gave its sends (without spacing the gaps are ~2 ms)
    for (int i = 1; i < signals.size(); i++) {
      assertThat(signals.get(i).atNanos() - signals.get(i - 1).atNanos())
          .as("signal %d comes at least the spacing after the one before", i)
          .isGreaterThanOrEqualTo(spacing.toNanos());
    }
    for (int p = 0; p < posters; p++) {
      String prefix = p + "-";
      List<String> mine = delivered.stream().filter(id -> id.startsWith(prefix)).toList();
      assertThat(mine)
          .as("one poster's reports arrive in its order")
          .isSortedAccordingTo(
              java.util.Comparator.comparingInt(
                  id -> Integer.parseInt(id.substring(prefix.length()))));
    }
  }

  @Test
  void aLoneReportIsSentAtOnceAndTenantsHaveTheirOwnLanes() {
    BatchDelivery delivery =
        new BatchDelivery(recording, Duration.ofSeconds(30), Duration.ofSeconds(5), timer, clock);
    // were the first report of a lane held for the spacing, these would time out after 5 s
    delivery.deliver("acme", report("a-1"));
    delivery.deliver("globex", report("g-1"));
    assertThat(signals).extracting(Signal::tenant).containsExactly("acme", "globex");
    assertThat(signals).allSatisfy(s -> assertThat(s.reports()).hasSize(1));
  }

  @Test
  void whatTheSenderThrowsReachesEveryCallerInThatSignal() {
    BatchDelivery delivery =
        new BatchDelivery(recording, Duration.ofMillis(10), Duration.ofSeconds(5), timer, clock);
    failure = ApiException.unavailable("TEMPORAL_UNAVAILABLE", "Temporal cannot be reached");
    assertThatThrownBy(() -> delivery.deliver("acme", report("a-1")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("Temporal cannot be reached");
    failure = null;
    delivery.deliver("acme", report("a-2")); // the lane is usable again
    assertThat(signals)
        .singleElement()
        .extracting(s -> s.reports().get(0).batchId())
        .isEqualTo("a-2");
  }

  @Test
  void aSignalThatNeverReturnsIsA503ForTheCaller() {
    BatchDelivery.Sender stuck =
        (tenant, reports) -> {
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    BatchDelivery delivery =
        new BatchDelivery(stuck, Duration.ofMillis(10), Duration.ofMillis(200), timer);
    assertThatThrownBy(() -> delivery.deliver("acme", report("a-1")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.getMessage()).contains("send it again");
            });
  }
}
