package io.logwise.workflows.retention;

import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.catalog.CatalogSyncRequest;
import io.logwise.workflows.catalog.CatalogSyncResult;
import io.logwise.workflows.catalog.ServiceCatalogActivities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory catalog: each call "discovers" {@code services} and records the request. */
class FakeServiceCatalog implements ServiceCatalogActivities {

  final List<CatalogSyncRequest> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile String failureType = LogwiseFailures.UNAVAILABLE;
  volatile int services = 3;

  @Override
  public CatalogSyncResult syncServiceCatalog(CatalogSyncRequest request) {
    calls.add(request);
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw failureType.equals(LogwiseFailures.UNAVAILABLE)
          ? LogwiseFailures.unavailable("S3 unreachable: connection refused", null)
          : LogwiseFailures.badConfig("bucket 'nope' of tenant acme does not exist");
    }
    return new CatalogSyncResult(services, services, 0, 0, List.of("orders"), List.of(), null);
  }

  List<String> triggers() {
    return calls.stream().map(CatalogSyncRequest::trigger).toList();
  }
}
