package io.logwise.activities.vector;

import io.logwise.activities.fleet.WorkerFleet;
import io.logwise.activities.fleet.WorkerFleets;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.config.VectorSettings;
import io.logwise.policy.vector.VectorPolicy;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.scaling.ScaleOutcome;
import io.logwise.workflows.vector.VectorActivities;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link VectorActivities} on Prometheus and the tenant's {@code vector.scaling.fleet}. */
public class VectorActivitiesImpl implements VectorActivities {

  private static final Logger log = LoggerFactory.getLogger(VectorActivitiesImpl.class);

  private final TenantDirectory tenants;
  private final WorkerFleets fleets;
  private final HttpClient http;
  private final Clock clock;
  private final io.logwise.store.VectorDao dao;
  private final ExporterVectorMetrics exporters;
  private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicLong>
      recorded = new java.util.concurrent.ConcurrentHashMap<>();

  /** Decisions are kept this long: a week of minutes is 10,080 rows per tenant. */
  public static final java.time.Duration KEPT = java.time.Duration.ofDays(7);

  private static final int PRUNE_EVERY = 60;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  public VectorActivitiesImpl(
      TenantDirectory tenants,
      WorkerFleets fleets,
      HttpClient http,
      io.logwise.store.VectorDao dao,
      Clock clock) {
    this.tenants = tenants;
    this.fleets = fleets;
    this.http = http;
    this.dao = dao;
    this.clock = clock;
    this.exporters = new ExporterVectorMetrics(http, System::nanoTime);
  }

  @Override
  public void recordVectorDecision(io.logwise.workflows.vector.VectorDecisionRecord d) {
    String sample;
    try {
      sample = JSON.writeValueAsString(d.sample());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a sample always serialises", e);
    }
    io.logwise.activities.db.DatabaseCalls.call(
        () -> {
          dao.insertDecision(
              new io.logwise.store.VectorDecisionRow(
                  d.tenant(),
                  d.decidedAtMillis(),
                  d.currentInstances(),
                  d.targetInstances(),
                  d.why().name(),
                  truncate(d.reason()),
                  sample,
                  truncate(d.outcome())));
          // an hour of minutes per tenant and worker, then what is older than a week goes
          if (recorded
                      .computeIfAbsent(
                          d.tenant(), t -> new java.util.concurrent.atomic.AtomicLong())
                      .incrementAndGet()
                  % PRUNE_EVERY
              == 1) {
            dao.pruneDecisions(d.tenant(), clock.millis() - KEPT.toMillis());
          }
          return null;
        });
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 500 ? s : s.substring(0, 500);
  }

  private VectorSettings.Scaling scaling(TenantRequest request) {
    TenantConfig t = tenants.require(request.tenant());
    VectorSettings.Scaling s = t.getVector().getScaling();
    if (!s.enabled) {
      throw LogwiseFailures.badConfig(
          "vector.scaling is not enabled for tenant " + request.tenant());
    }
    return s;
  }

  @Override
  public VectorPolicy.Sample observeVector(TenantRequest request) {
    VectorSettings.Scaling s = scaling(request);
    if (s.exporters != null && !s.exporters.isEmpty()) {
      return exporters.sample(s.exporters, clock.millis());
    }
    PrometheusVectorMetrics.Queries d = PrometheusVectorMetrics.Queries.DEFAULTS;
    PrometheusVectorMetrics.Queries q =
        new PrometheusVectorMetrics.Queries(
            or(s.cpuQuery, d.cpu()),
            or(s.memoryQuery, d.memory()),
            or(s.logsInQuery, d.logsIn()),
            or(s.pendingQuery, d.pending()));
    return new PrometheusVectorMetrics(http, URI.create(s.prometheusUrl), q).sample(clock.millis());
  }

  @Override
  public int vectorInstances(TenantRequest request) {
    VectorSettings.Scaling s = scaling(request);
    WorkerFleet.Size size = fleets.fleetFor(request.tenant(), s.fleet).size();
    if (size.desired() != null) {
      return size.desired();
    }
    return size.ready() != null ? size.ready() : -1; // fleet none: the workflow counts series
  }

  @Override
  public ScaleOutcome scaleVector(ScaleVectorRequest r) {
    VectorSettings.Scaling s = scaling(new TenantRequest(r.tenant()));
    WorkerFleet fleet = fleets.fleetFor(r.tenant(), s.fleet);
    ScaleOutcome o =
        r.target() > r.from()
            ? fleet.scaleUp(r.target())
            : fleet.scaleDown(r.from() - r.target(), r.target(), List.of(), null);
    log.info("tenant {}: Vector {} -> {}: {}", r.tenant(), r.from(), r.target(), o);
    return o;
  }

  private static String or(String given, String fallback) {
    return given == null || given.isBlank() ? fallback : given;
  }
}
