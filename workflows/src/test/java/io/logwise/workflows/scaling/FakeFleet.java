package io.logwise.workflows.scaling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory fleet: a desired size, workers that boot at once or not at all, a WAL. */
public class FakeFleet implements ScalingActivities {

  public volatile String type = "asg";
  public volatile int desired = 3;
  public volatile int alive = 3;
  public volatile boolean bootAtOnce = true;
  public volatile List<String> wal = List.of("41");
  public final List<ScaleFleetRequest> scaled = new CopyOnWriteArrayList<>();
  public final List<DecisionRecord> recorded = new CopyOnWriteArrayList<>();
  public volatile OverrideState stored;
  public final java.util.concurrent.atomic.AtomicInteger prunes =
      new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public int pruneBatches(String tenant) {
    prunes.incrementAndGet();
    return 0;
  }

  @Override
  public FleetObservation observeFleet(String tenant) {
    return new FleetObservation(
        type, "none".equals(type) ? null : desired, alive, alive, "worker-1", wal);
  }

  @Override
  public synchronized ScaleOutcome scaleFleet(ScaleFleetRequest request) {
    scaled.add(request);
    desired = request.targetWorkers();
    if (bootAtOnce) {
      alive = desired;
    }
    return new ScaleOutcome(true, desired, null);
  }

  @Override
  public void recordDecision(DecisionRecord record) {
    recorded.add(record);
  }

  @Override
  public OverrideState loadOverride(String tenant) {
    return stored == null ? new OverrideState(tenant, null, null) : stored;
  }

  @Override
  public OverrideState saveOverride(OverrideStateChange change) {
    stored = new OverrideState(change.tenant(), change.enableUpScale(), change.enableDownScale());
    return stored;
  }
}
