package io.logwise.activities;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's meters an operator alerts on, by tenant; exported on {@code /prometheus} as {@code
 * logwise_…} ({@code _total} for counters). Every series of a configured tenant exists from start
 * at 0 ({@link #registerTenant}), so "no submissions" and "the worker is not exporting" look
 * different on a dashboard. Names live here only; {@code deploy/grafana/logwise.json} uses them and
 * {@code GrafanaDashboardIT} checks each query against a real scrape.
 */
public final class LogwiseMeters {

  public static final String DECISIONS = "logwise.scaling.decisions";
  public static final String FLEET_ACTIONS = "logwise.fleet.actions";
  public static final String DRIVER_SUBMISSIONS = "logwise.driver.submissions";
  public static final String DRIVER_KILLS = "logwise.driver.kills";
  public static final String DRIVER_RUNNING = "logwise.driver.running";
  public static final String CATALOG_SYNCS = "logwise.catalog.syncs";
  public static final String CATALOG_SERVICES = "logwise.catalog.services";
  public static final String LIFECYCLE_PROBLEMS = "logwise.lifecycle.problems";
  public static final String SWEPT_OBJECTS = "logwise.retention.swept.objects";
  public static final String NOT_APPLIED = "logwise.retention.not.applied.services";
  public static final String DELAY = "logwise.log.delay.minutes";
  public static final String WORST_DELAY = "logwise.log.delay.worst.minutes";

  private static final List<String> ACTIONS = List.of("SCALE_UP", "SCALE_DOWN", "NO_CHANGE");
  private static final List<String> OUTCOMES = List.of("ok", "failed");

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  public LogwiseMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Meters nobody reads (tests that do not look at them). */
  public static LogwiseMeters none() {
    return new LogwiseMeters(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Creates every series of {@code tenant} at 0 ({@code sampleService}: its freshness sample). */
  public void registerTenant(String tenant, String sampleService) {
    delay(tenant, sampleService, 0);
    worstDelay(tenant, 0);
    notAppliedGauge(tenant);
    ACTIONS.forEach(a -> counter(DECISIONS, "Scaling decisions by action", tenant, "action", a));
    OUTCOMES.forEach(o -> submissionCounter(tenant, o));
    counter(DRIVER_KILLS, "Kills of a Spark driver asked of the master", tenant);
    gauge(DRIVER_RUNNING, "1 while the tenant's driver is seen RUNNING, else 0", tenant);
    OUTCOMES.forEach(o -> syncCounter(tenant, o));
    gauge(CATALOG_SERVICES, "Services in the tenant's catalog after the last sync", tenant);
    counter(LIFECYCLE_PROBLEMS, "Lifecycle reconciles that could not write the rules", tenant);
    counter(SWEPT_OBJECTS, "Objects the expiry sweep deleted", tenant);
    OUTCOMES.forEach(o -> fleetCounter(tenant, "up", o));
    OUTCOMES.forEach(o -> fleetCounter(tenant, "down", o));
  }

  public void decision(String tenant, String action) {
    counter(DECISIONS, "Scaling decisions by action", tenant, "action", action).increment();
  }

  public void fleetAction(String tenant, String direction, boolean ok) {
    fleetCounter(tenant, direction, ok ? "ok" : "failed").increment();
  }

  public void submission(String tenant, boolean ok) {
    submissionCounter(tenant, ok ? "ok" : "failed").increment();
  }

  public void kill(String tenant) {
    counter(DRIVER_KILLS, "Kills of a Spark driver asked of the master", tenant).increment();
  }

  public void driverRunning(String tenant, boolean running) {
    gauge(DRIVER_RUNNING, "1 while the tenant's driver is seen RUNNING, else 0", tenant)
        .set(running ? 1 : 0);
  }

  public void catalogSync(String tenant, boolean ok, int services) {
    syncCounter(tenant, ok ? "ok" : "failed").increment();
    if (ok) {
      gauge(CATALOG_SERVICES, "Services in the tenant's catalog after the last sync", tenant)
          .set(services);
    }
  }

  /** After a sweep run: services it could not apply retention to, and objects it deleted. */
  public void sweep(String tenant, int notApplied, long objectsDeleted) {
    notAppliedGauge(tenant).set(notApplied);
    if (objectsDeleted > 0) {
      counter(SWEPT_OBJECTS, "Objects the expiry sweep deleted", tenant).increment(objectsDeleted);
    }
  }

  public void delay(String tenant, String service, int minutes) {
    gauges
        .computeIfAbsent(
            DELAY + "/" + tenant + "/" + service,
            k -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder(DELAY, value, AtomicLong::get)
                  .description("Minutes between now and the newest log partition in S3")
                  .tags("tenant", tenant, "service", service)
                  .register(registry);
              return value;
            })
        .set(minutes);
  }

  public void worstDelay(String tenant, int minutes) {
    gauge(WORST_DELAY, "Minutes behind of the tenant's least fresh service", tenant).set(minutes);
  }

  private AtomicLong notAppliedGauge(String tenant) {
    return gauge(
        NOT_APPLIED,
        "Services whose retention the last expiry sweep could not apply (not reached, cut short or"
            + " failed)",
        tenant);
  }

  public void lifecycleProblem(String tenant) {
    counter(LIFECYCLE_PROBLEMS, "Lifecycle reconciles that could not write the rules", tenant)
        .increment();
  }

  private Counter fleetCounter(String tenant, String direction, String outcome) {
    return Counter.builder(FLEET_ACTIONS)
        .description("Worker fleet changes asked of the ASG or Deployment")
        .tags("tenant", tenant, "direction", direction, "outcome", outcome)
        .register(registry);
  }

  private Counter submissionCounter(String tenant, String outcome) {
    return Counter.builder(DRIVER_SUBMISSIONS)
        .description("Spark driver submissions to the master")
        .tags("tenant", tenant, "outcome", outcome)
        .register(registry);
  }

  private Counter syncCounter(String tenant, String outcome) {
    return Counter.builder(CATALOG_SYNCS)
        .description("Service catalog syncs")
        .tags("tenant", tenant, "outcome", outcome)
        .register(registry);
  }

  private Counter counter(String name, String description, String tenant, String... tags) {
    return Counter.builder(name)
        .description(description)
        .tag("tenant", tenant)
        .tags(tags)
        .register(registry);
  }

  private AtomicLong gauge(String name, String description, String tenant) {
    return gauges.computeIfAbsent(
        name + "/" + tenant,
        k -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .tag("tenant", tenant)
              .register(registry);
          return value;
        });
  }
}
