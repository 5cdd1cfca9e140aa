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

  /** One description per meter, whichever call registers it first. */
  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry(DECISIONS, "Scaling decisions by action"),
          Map.entry(FLEET_ACTIONS, "Worker fleet changes asked of the ASG or Deployment"),
          Map.entry(DRIVER_SUBMISSIONS, "Spark driver submissions to the master"),
          Map.entry(DRIVER_KILLS, "Kills of a Spark driver asked of the master"),
          Map.entry(DRIVER_RUNNING, "1 while the tenant's driver is seen RUNNING, else 0"),
          Map.entry(CATALOG_SYNCS, "Service catalog syncs"),
          Map.entry(CATALOG_SERVICES, "Services in the tenant's catalog after the last sync"),
          Map.entry(LIFECYCLE_PROBLEMS, "Lifecycle reconciles that could not write the rules"),
          Map.entry(SWEPT_OBJECTS, "Objects the expiry sweep deleted"),
          Map.entry(
              NOT_APPLIED,
              "Services whose retention the last expiry sweep could not apply (not reached, cut"
                  + " short or failed)"),
          Map.entry(DELAY, "Minutes between now and the newest log partition in S3"),
          Map.entry(WORST_DELAY, "Minutes behind of the tenant's least fresh service"));

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
    gauge(WORST_DELAY, tenant);
    gauge(NOT_APPLIED, tenant);
    gauge(DRIVER_RUNNING, tenant);
    gauge(CATALOG_SERVICES, tenant);
    ACTIONS.forEach(a -> counter(DECISIONS, tenant, "action", a));
    for (String o : OUTCOMES) {
      counter(DRIVER_SUBMISSIONS, tenant, "outcome", o);
      counter(CATALOG_SYNCS, tenant, "outcome", o);
      counter(FLEET_ACTIONS, tenant, "direction", "up", "outcome", o);
      counter(FLEET_ACTIONS, tenant, "direction", "down", "outcome", o);
    }
    counter(DRIVER_KILLS, tenant);
    counter(LIFECYCLE_PROBLEMS, tenant);
    counter(SWEPT_OBJECTS, tenant);
  }

  public void decision(String tenant, String action) {
    counter(DECISIONS, tenant, "action", action).increment();
  }

  public void fleetAction(String tenant, String direction, boolean ok) {
    counter(FLEET_ACTIONS, tenant, "direction", direction, "outcome", outcome(ok)).increment();
  }

  public void submission(String tenant, boolean ok) {
    counter(DRIVER_SUBMISSIONS, tenant, "outcome", outcome(ok)).increment();
  }

  public void kill(String tenant) {
    counter(DRIVER_KILLS, tenant).increment();
  }

  public void driverRunning(String tenant, boolean running) {
    gauge(DRIVER_RUNNING, tenant).set(running ? 1 : 0);
  }

  public void catalogSync(String tenant, boolean ok, int services) {
    counter(CATALOG_SYNCS, tenant, "outcome", outcome(ok)).increment();
    if (ok) {
      gauge(CATALOG_SERVICES, tenant).set(services);
    }
  }

  /** After a sweep run: services it could not apply retention to, and objects it deleted. */
  public void sweep(String tenant, int notApplied, long objectsDeleted) {
    gauge(NOT_APPLIED, tenant).set(notApplied);
    if (objectsDeleted > 0) {
      counter(SWEPT_OBJECTS, tenant).increment(objectsDeleted);
    }
  }

  public void delay(String tenant, String service, int minutes) {
    gauge(DELAY, tenant, "service", service).set(minutes);
  }

  public void worstDelay(String tenant, int minutes) {
    gauge(WORST_DELAY, tenant).set(minutes);
  }

  public void lifecycleProblem(String tenant) {
    counter(LIFECYCLE_PROBLEMS, tenant).increment();
  }

  private static String outcome(boolean ok) {
    return ok ? "ok" : "failed";
  }

  private Counter counter(String name, String tenant, String... tags) {
    return Counter.builder(name)
        .description(DESCRIPTIONS.get(name))
        .tag("tenant", tenant)
        .tags(tags)
        .register(registry);
  }

  private AtomicLong gauge(String name, String tenant, String... tags) {
    return gauges.computeIfAbsent(
        name + "/" + tenant + "/" + String.join("/", tags),
        k -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(DESCRIPTIONS.get(name))
              .tag("tenant", tenant)
              .tags(tags)
              .register(registry);
          return value;
        });
  }
}
