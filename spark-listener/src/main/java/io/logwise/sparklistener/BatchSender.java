package io.logwise.sparklistener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts batch records from a bounded queue on a daemon thread, retrying with backoff. Offering
 * never blocks: when the queue is full, or a record ran out of retries, it is dropped and counted.
 * Nothing here can throw into Spark's listener bus.
 */
final class BatchSender implements AutoCloseable {

  private final BlockingQueue<BatchRecord> queue;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI endpoint;
  private final String token;
  private final int maxAttempts;
  private final long baseBackoffMillis;
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running = true;
  private final java.util.function.UnaryOperator<BatchRecord> beforeSend;

  /**
   * With {@code beforeSend} applied to each record as it leaves the queue (on the sender's thread).
   */
  BatchSender(
      String url,
      String tenant,
      String token,
      int queueSize,
      int maxAttempts,
      long baseBackoffMillis,
      java.util.function.UnaryOperator<BatchRecord> beforeSend) {
    this.beforeSend = beforeSend;
    this.endpoint =
        URI.create(url.replaceAll("/+$", "") + "/api/v1/tenants/" + tenant + "/batches");
    this.token = token;
    this.queue = new ArrayBlockingQueue<>(queueSize);
    this.maxAttempts = maxAttempts;
    this.baseBackoffMillis = baseBackoffMillis;
    this.thread = new Thread(this::loop, "logwise-batch-sender");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  void offer(BatchRecord record) {
    if (!queue.offer(record)) {
      dropped.incrementAndGet();
    }
  }

  long sent() {
    return sent.get();
  }

  long dropped() {
    return dropped.get();
  }

  private void loop() {
    while (running) {
      try {
        BatchRecord record = queue.poll(500, TimeUnit.MILLISECONDS);
        if (record != null) {
          deliver(beforeSend.apply(record));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        dropped.incrementAndGet(); // never let the thread die
      }
    }
  }

  private void deliver(BatchRecord record) throws InterruptedException {
    long backoff = baseBackoffMillis;
    for (int attempt = 1; attempt <= maxAttempts && running; attempt++) {
      if (post(record)) {
        sent.incrementAndGet();
        return;
      }
      Thread.sleep(backoff);
      backoff = Math.min(backoff * 2, 10_000);
    }
    dropped.incrementAndGet();
  }

  /** True when the API took it (202, or 4xx: retrying a rejected record cannot help). */
  private boolean post(BatchRecord record) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(record.toJson()));
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 400 && status < 500) {
        dropped.incrementAndGet();
        return true;
      }
      return status >= 200 && status < 300;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
