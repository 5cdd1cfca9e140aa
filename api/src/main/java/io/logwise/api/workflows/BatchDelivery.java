package io.logwise.api.workflows;

import io.logwise.api.errors.ApiException;
import io.logwise.workflows.scaling.BatchReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers batch reports to each tenant's scaling loop with at most one signal per {@link #spacing}
 * per tenant, carrying every report that arrived meanwhile. Every signal is an event in the loop's
 * history that the workflow cannot refuse: at the ~290 reports/s the API takes, one signal per
 * report grew one run past 45,000 events (a real Temporal server terminates a run at 51,200), and
 * the run could not even continue as new, since each attempt was undone by the next signal. A
 * caller still gets its answer only once the signal carrying its report was delivered (or failed),
 * so a 202 keeps meaning "the scaling loop has it".
 */
final class BatchDelivery implements AutoCloseable {

  /** Sends one signal with {@code reports} (oldest first) to {@code tenant}'s loop. */
  interface Sender {
    void send(String tenant, List<BatchReport> reports);
  }

  /** The most reports in one signal (a payload of ~100 KB). */
  static final int MAX_PER_SIGNAL = 400;

  private final Sender sender;
  private final Duration spacing;
  private final Duration timeout;
  private final ScheduledExecutorService timer;
  private final java.util.function.LongSupplier nanoTime;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  BatchDelivery(Sender sender, Duration spacing, Duration timeout, ScheduledExecutorService timer) {
    this(sender, spacing, timeout, timer, System::nanoTime);
  }

  /** With the clock the spacing is measured by (a test reads the stamp each send was given). */
  BatchDelivery(
      Sender sender,
      Duration spacing,
      Duration timeout,
      ScheduledExecutorService timer,
      java.util.function.LongSupplier nanoTime) {
    this.sender = sender;
    this.spacing = spacing;
    this.timeout = timeout;
    this.timer = timer;
    this.nanoTime = nanoTime;
  }

  private record Waiting(BatchReport report, CompletableFuture<Void> delivered) {}

  /** One tenant's queue; {@code scheduled} while a send is due or running. */
  private final class Lane {
    private final String tenant;
    private final Deque<Waiting> queue = new ArrayDeque<>();
    private boolean scheduled;
    private long lastSentNanos = nanoTime.getAsLong() - spacing.toNanos();

    Lane(String tenant) {
      this.tenant = tenant;
    }

    synchronized void add(Waiting w) {
      queue.add(w);
      if (!scheduled) {
        scheduled = true;
        long wait = lastSentNanos + spacing.toNanos() - nanoTime.getAsLong();
        timer.schedule(this::sendSome, Math.max(0, wait), TimeUnit.NANOSECONDS);
      }
    }

    private void sendSome() {
      List<Waiting> taken = new ArrayList<>();
      synchronized (this) {
        while (!queue.isEmpty() && taken.size() < MAX_PER_SIGNAL) {
          taken.add(queue.poll());
        }
        lastSentNanos = nanoTime.getAsLong();
      }
      try {
        sender.send(tenant, taken.stream().map(Waiting::report).toList());
        taken.forEach(w -> w.delivered().complete(null));
      } catch (RuntimeException e) {
        taken.forEach(w -> w.delivered().completeExceptionally(e));
      }
      synchronized (this) {
        if (queue.isEmpty()) {
          scheduled = false;
        } else {
          long wait = lastSentNanos + spacing.toNanos() - nanoTime.getAsLong();
          timer.schedule(this::sendSome, Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  /**
   * Queues {@code report} and waits until the signal carrying it was delivered; what the sender
   * threw is rethrown, and a wait past the timeout is a 503 (the report may still arrive; batch ids
   * make a resend harmless).
   */
  void deliver(String tenant, BatchReport report) {
    CompletableFuture<Void> delivered = new CompletableFuture<>();
    lanes.computeIfAbsent(tenant, Lane::new).add(new Waiting(report, delivered));
    try {
      delivered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw ApiException.unavailable(
          "NOT_DELIVERED",
          "the report was not delivered to the scaling loop within "
              + timeout.toSeconds()
              + " s; send it again (its batch id makes a resend harmless)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("NOT_DELIVERED", "interrupted before the report was sent");
    }
  }

  @Override
  public void close() {
    timer.shutdown();
  }
}
