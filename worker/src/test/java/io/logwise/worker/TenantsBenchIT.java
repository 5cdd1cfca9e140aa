package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.embedded.FreePorts;
import io.logwise.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bench/tenants.sh N SECONDS}: N tenants on one worker process ({@code -Xmx2g}, fleet none,
 * Spark at a closed port, a bucket that does not exist) against the real Temporal dev server (or
 * the Temporal at {@code -Dlogwise.bench.temporal-address}), one batch report a minute per tenant
 * through the API. Prints, as {@code tenants bench:} lines: time until every tenant workflow runs,
 * the worker's heap (live after GC and used), RSS and threads over time, the workflow cache's hit
 * ratio, the supervisor's cycle lateness and the workflow tasks' wait for a worker (p50/p99),
 * events per run per workflow type, the worker's log bytes per hour, the CPU each process used (the
 * worker against this JVM, which runs the API and the bench, and the dev server) and this JVM's
 * threads by name, and what grew in the worker's live heap (class histograms at the start and the
 * end). A bench, not a test of the build: it runs only when asked.
 */
@EnabledIfSystemProperty(named = "logwise.bench.tenants", matches = "\\d+")
class TenantsBenchIT {

  private static final int TENANTS = Integer.getInteger("logwise.bench.tenants", 0);
  private static final Duration LENGTH =
      Duration.ofSeconds(Long.getLong("logwise.bench.seconds", 300));
  private static final String ADMIN = "bench-admin-0123456789abcdef";
  private static final int METRICS = FreePorts.pick();
  private static final int CLOSED = FreePorts.pick(); // nothing listens: Spark and Kafka away

  private static String yaml() {
    StringBuilder b =
        new StringBuilder(
            """
            auth:
              tokens:
                - {name: ops, token: "${ADMIN}", scopes: [admin]}
            tenants:
            """);
    for (int i = 1; i <= TENANTS; i++) {
      b.append(
          String.format(
              "  - name: t%04d%n"
                  + "    spark: {masterHost: 127.0.0.1, masterWebPort: %d, restPort: %d, masterPort: %d}%n"
                  + "    kafka: {bootstrapServers: '127.0.0.1:%d', enablePartitionScaling: false}%n"
                  + "    objectStore: {bucket: bench-logs, endpoint: \"${S3}\", pathStyleAccess: true,"
                  + " accessKeyId: test, secretAccessKey: test}%n",
              i, CLOSED, CLOSED, CLOSED, CLOSED));
    }
    return b.toString();
  }

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi("tenants-bench", yaml(), s -> Map.of("ADMIN", ADMIN))
          .workerAsProcess()
          .workerHeap("-Xmx2g")
          .workerMetricsPort(METRICS)
          .sticky()
          .tuneTemporal(t -> t.setUpdateTimeout(io.dropwizard.util.Duration.seconds(60)));

  private static String tenant(int i) {
    return String.format("t%04d", i);
  }

  private static List<String> workflowIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= TENANTS; i++) {
      ids.addAll(WorkflowIds.longRunning(tenant(i), true, false, false));
    }
    return ids;
  }

  private static double metric(String scrape, String name) {
    double sum = 0;
    boolean found = false;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      if (!Double.isNaN(v)) {
        sum += v;
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  private static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  /** CPU seconds used so far by each process this JVM started, by command (worker, mariadbd…). */
  private static Map<String, Double> childCpuSeconds() {
    Map<String, Double> cpu = new TreeMap<>();
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime (fields 14 and 15 of proc(5)), in clock ticks of 1/100 s
                double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                String command = p.info().command().orElse("?");
                String name = command.substring(command.lastIndexOf('/') + 1);
                if (name.equals("java") && p.pid() == stack.workerProcess().pid()) {
                  name = "logwise worker";
                }
                cpu.merge(name, seconds, Double::sum);
              } catch (Exception gone) {
                // ended meanwhile
              }
            });
    return cpu;
  }

  /**
   * CPU seconds used so far by this JVM's threads (the API, the bench, the clients), grouped by
   * thread name without its numbers.
   */
  private static Map<String, Double> ownThreadCpuSeconds() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Double> cpu = new TreeMap<>();
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      if (nanos > 0) {
        cpu.merge(info.getThreadName().replaceAll("[0-9]+", "N"), nanos / 1e9, Double::sum);
      }
    }
    return cpu;
  }

  private static void printCpu(
      String what, Map<String, Double> before, Map<String, Double> after, double seconds) {
    Map<String, Double> used = new TreeMap<>();
    after.forEach((k, v) -> used.put(k, v - before.getOrDefault(k, 0.0)));
    used.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(8)
        .forEach(
            e ->
                System.out.printf(
                    "tenants bench: cpu %s %s: %.0f s of %.0f s (%.0f%% of one core)%n",
                    what, e.getKey(), e.getValue(), seconds, 100 * e.getValue() / seconds));
  }

  /** Bytes of live objects per class in the worker ({@code jcmd PID GC.class_histogram}). */
  private static Map<String, Long> liveHistogram(long pid) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    Map<String, Long> bytes = new java.util.HashMap<>();
    Pattern row = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    try (var lines =
        new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
      String line;
      while ((line = lines.readLine()) != null) {
        Matcher m = row.matcher(line);
        if (m.find()) {
          bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
      }
    }
    p.waitFor(2, TimeUnit.MINUTES);
    return bytes;
  }

  private static void printGrowth(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> grown = new java.util.HashMap<>();
    after.forEach((k, v) -> grown.put(k, v - before.getOrDefault(k, 0L)));
    System.out.printf(
        "tenants bench: live objects %.0f MB → %.0f MB; grew most:%n",
        before.values().stream().mapToLong(Long::longValue).sum() / 1e6,
        after.values().stream().mapToLong(Long::longValue).sum() / 1e6);
    grown.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(12)
        .forEach(
            e ->
                System.out.printf(
                    "tenants bench:   %+.1f MB %s (now %.1f MB)%n",
                    e.getValue() / 1e6, e.getKey(), after.get(e.getKey()) / 1e6));
  }

  private static double ownProcessCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  private static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  @Test
  void tenantsOnOneWorker() throws Exception {
    long started = System.nanoTime();
    List<String> ids = workflowIds();
    // time until every tenant workflow runs
    List<String> waiting = new ArrayList<>(ids);
    while (!waiting.isEmpty() && System.nanoTime() - started < TimeUnit.MINUTES.toNanos(20)) {
      waiting.removeIf(
          id -> {
            try {
              return MultiWorkerIT.describe(stack, id).getHistoryLength() >= 3;
            } catch (RuntimeException e) {
              return false;
            }
          });
      if (!waiting.isEmpty()) {
        Thread.sleep(1_000);
      }
    }
    long toRunning = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    System.out.printf(
        "tenants bench: %d tenants, %d workflows, all running after %d s (%d not)%n",
        TENANTS, ids.size(), toRunning, waiting.size());

    long pid = stack.workerProcess().pid();
    Path log = stack.lastWorkerLog();
    long logAtStart = Files.size(log);
    Map<String, Long> histogramBefore = liveHistogram(pid);
    Map<String, Double> processCpuBefore = childCpuSeconds();
    Map<String, Double> threadCpuBefore = ownThreadCpuSeconds();
    double ownCpuBefore = ownProcessCpuSeconds();
    long measureFrom = System.nanoTime();
    long end = measureFrom + LENGTH.toNanos();
    int minute = 0;
    long nextBatch = System.nanoTime();
    while (System.nanoTime() < end) {
      if (System.nanoTime() >= nextBatch) { // one report a minute per tenant, as a listener would
        for (int i = 1; i <= TENANTS; i++) {
          long t = System.currentTimeMillis();
          Http.send(
              "POST",
              stack.base() + "/api/v1/tenants/" + tenant(i) + "/batches",
              ADMIN,
              null,
              String.format(
                  "{\"batchId\":\"b%d\",\"inputRecords\":1000000,\"outputBytes\":1,\"submissionTime\":%d,\"completionTime\":%d,\"status\":\"succeeded\"}",
                  minute, t - 20_000, t));
        }
        minute++;
        nextBatch += TimeUnit.MINUTES.toNanos(1);
      }
      String scrape =
          Http.sendText(
              "GET", "http://127.0.0.1:" + METRICS + "/prometheus", Duration.ofSeconds(20));
      System.out.printf(
          "tenants bench: t+%ds heap live-after-GC %.0f MB, used %.0f MB, RSS %d MB, threads %.0f,"
              + " cache hit ratio %.3f; Temporal server RSS %s%n",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - measureFrom),
          metric(scrape, "jvm_gc_live_data_size_bytes") / 1e6,
          metric(scrape, "jvm_memory_used_bytes") / 1e6,
          rssKb(pid) / 1024,
          metric(scrape, "jvm_threads_live_threads"),
          metric(scrape, "logwise_worker_workflow_cache_hit_ratio"),
          stack.devServerOrNull() == null
              ? "(not ours: " + stack.temporalTarget() + ")"
              : rssKb(stack.devServerOrNull().pid()) / 1024 + " MB");
      Thread.sleep(30_000);
    }
    double hours = (System.nanoTime() - measureFrom) / 3.6e12;
    // where the two cores went: the worker process against the server's JVM and the rest
    double measured = hours * 3600;
    Map<String, Double> processCpu = childCpuSeconds();
    processCpu.put("bench JVM (API, bench)", ownProcessCpuSeconds());
    processCpuBefore.put("bench JVM (API, bench)", ownCpuBefore);
    printCpu("process", processCpuBefore, processCpu, measured);
    printCpu("bench JVM thread", threadCpuBefore, ownThreadCpuSeconds(), measured);
    printGrowth(histogramBefore, liveHistogram(pid));
    System.out.printf(
        "tenants bench: worker log %.1f MB/h%n", (Files.size(log) - logAtStart) / 1e6 / hours);

    // events per run per type, and the supervisor's cycle and the tasks' wait for a worker
    Map<String, List<Long>> lengths = new TreeMap<>();
    for (String id : ids) {
      lengths
          .computeIfAbsent(id.substring(0, id.indexOf('/')), k -> new ArrayList<>())
          .add(MultiWorkerIT.describe(stack, id).getHistoryLength());
    }
    lengths.forEach(
        (type, l) ->
            System.out.printf(
                "tenants bench: %s events per run p50 %d, max %d%n",
                type, percentile(l, 0.5), percentile(l, 1.0)));
    List<Long> cycles = new ArrayList<>();
    List<Long> waits = new ArrayList<>();
    List<Long> lateness = new ArrayList<>();
    for (int i = 1; i <= TENANTS; i += Math.max(1, TENANTS / 50)) {
      var events = stack.client().fetchHistory(WorkflowIds.sparkSupervisor(tenant(i))).getEvents();
      Long lastTimer = null;
      Long scheduled = null;
      Map<String, Long> due = new java.util.HashMap<>(); // timer id -> when it should fire
      Long firedDue = null;
      for (HistoryEvent e : events) {
        if (e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED) {
          if (lastTimer != null) {
            cycles.add(millis(e) - lastTimer);
          }
          lastTimer = millis(e);
          var t = e.getTimerStartedEventAttributes();
          due.put(
              t.getTimerId(),
              millis(e)
                  + t.getStartToFireTimeout().getSeconds() * 1000
                  + t.getStartToFireTimeout().getNanos() / 1_000_000);
        } else if (e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED) {
          firedDue = due.get(e.getTimerFiredEventAttributes().getTimerId());
        } else if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
          scheduled = millis(e);
        } else if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
            && scheduled != null) {
          waits.add(millis(e) - scheduled);
          if (firedDue != null) { // the loop runs again: how long after its timer was due
            lateness.add(Math.max(0, millis(e) - firedDue));
            firedDue = null;
          }
        }
      }
    }
    System.out.printf(
        "tenants bench: supervisor cycle p50 %d ms, p99 %d ms, max %d ms (poll 15 s + failed"
            + " polls' retries)%n",
        percentile(cycles, 0.5), percentile(cycles, 0.99), percentile(cycles, 1.0));
    System.out.printf(
        "tenants bench: supervisor loop lateness (its timer due -> its workflow task started)"
            + " p50 %d ms, p99 %d ms"
            + " (target p99 < 5,000 ms at 1,000 tenants)%n",
        percentile(lateness, 0.5), percentile(lateness, 0.99));
    System.out.printf(
        "tenants bench: workflow task wait for a worker p50 %d ms, p99 %d ms, max %d ms%n",
        percentile(waits, 0.5), percentile(waits, 0.99), percentile(waits, 1.0));
    assertThat(waiting).as("every workflow ran").isEmpty();
  }
}
