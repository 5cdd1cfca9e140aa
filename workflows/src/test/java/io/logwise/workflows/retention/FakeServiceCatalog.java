package io.logwise.workflows.retention;

import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.catalog.CatalogSyncRequest;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.catalog.ServiceCatalogActivities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory catalog: each call "discovers" {@code services} and records the request. */
class FakeServiceCatalog
    implements ServiceCatalogActivities, RetentionActivities, PipelineHealthActivities {

  /** While set, a health check waits for it (a slow Vector or Kafka). */
  volatile java.util.concurrent.CountDownLatch healthHeld;

  /** Counted down when a health check has started. */
  final java.util.concurrent.CountDownLatch healthStarted =
      new java.util.concurrent.CountDownLatch(1);

  @Override
  public PipelineHealth checkPipeline(String tenant) {
    healthStarted.countDown();
    java.util.concurrent.CountDownLatch held = healthHeld;
    if (held != null) {
      try {
        held.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new PipelineHealth(
        tenant,
        "WARNING",
        "One or more pipeline components have issues",
        0,
        List.of(
            new ComponentHealth(
                "kafka", "WARNING", "no topics match ^logs.*", java.util.Map.of())));
  }

  final List<LifecycleRequest> lifecycles = new CopyOnWriteArrayList<>();
  final List<FreshnessRequest> freshnessRequests = new CopyOnWriteArrayList<>();

  @Override
  public LifecycleResult reconcileLifecycle(LifecycleRequest request) {
    lifecycles.add(request);
    return new LifecycleResult(services, 0, 0, 0, 0, false, request.dryRun(), List.of(), null);
  }

  @Override
  public FreshnessResult measureFreshness(FreshnessRequest request) {
    freshnessRequests.add(request);
    if (freshnessFailures.getAndDecrement() > 0) {
      throw io.logwise.workflows.LogwiseFailures.unavailable("the bucket cannot be read", null);
    }
    List<String> names =
        request.services() == null ? List.of("healthcheck-dummy") : request.services();
    return new FreshnessResult(
        request.tenant(), 0, names.stream().map(n -> new ServiceFreshness(n, 7, null)).toList());
  }

  /** Freshness measurements (every attempt) that fail before they work again. */
  final java.util.concurrent.atomic.AtomicInteger freshnessFailures =
      new java.util.concurrent.atomic.AtomicInteger();

  final List<SweepRequest> sweeps = new CopyOnWriteArrayList<>();

  /** Candidates the fake sweep has; each run checks at most {@code sweepBatch} of them. */
  volatile int sweepCandidates = 5;

  volatile int sweepBatch = 2;

  /** When set, a real (not dry) sweep waits for it; {@link #sweepStarted} says one began. */
  volatile java.util.concurrent.CountDownLatch sweepHeld;

  final java.util.concurrent.CountDownLatch sweepStarted =
      new java.util.concurrent.CountDownLatch(1);

  @Override
  public SweepResult sweepExpired(SweepRequest request) {
    sweeps.add(request);
    java.util.concurrent.CountDownLatch held = sweepHeld;
    if (held != null && !request.dryRun()) {
      sweepStarted.countDown();
      try {
        held.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int start = request.startAt() >= sweepCandidates ? 0 : request.startAt();
    int checked = Math.min(sweepBatch, sweepCandidates - start);
    int next = start + checked >= sweepCandidates ? 0 : start + checked;
    return new SweepResult(
        sweepCandidates,
        checked,
        next,
        checked,
        10L * checked,
        request.dryRun(),
        List.of(),
        sweepCandidates - checked,
        List.of());
  }

  final List<CatalogSyncRequest> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile String failureType = LogwiseFailures.UNAVAILABLE;
  volatile int services = 3;

  /** When set, the catalog withholds its removals for this reason (a likely wrong bucket). */
  volatile String withheld;

  @Override
  public CatalogSyncResult syncServiceCatalog(CatalogSyncRequest request) {
    calls.add(request);
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw failureType.equals(LogwiseFailures.UNAVAILABLE)
          ? LogwiseFailures.unavailable("S3 unreachable: connection refused", null)
          : LogwiseFailures.badConfig("bucket 'nope' of tenant acme does not exist");
    }
    return new CatalogSyncResult(services, services, 0, 0, List.of("orders"), List.of(), withheld);
  }

  List<String> triggers() {
    return calls.stream().map(CatalogSyncRequest::trigger).toList();
  }
}
