package io.logwise.workflows.scaling;

import io.logwise.workflows.TenantRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory fleet: a desired size, workers that boot at once or not at all, a WAL. */
public class FakeFleet implements ScalingActivities {

  public volatile FleetKind type = FleetKind.ASG;
  public volatile int desired = 3;
  public volatile int alive = 3;
  public volatile boolean bootAtOnce = true;
  public volatile List<String> wal = List.of("41");

  /** When set, the WAL listing fails with this (the bucket is down). */
  public volatile RuntimeException walFailure;

  /** When set, reading the Spark master fails with this (the master is down). */
  public volatile RuntimeException masterFailure;

  /** The executor cores the master grants the job (null: not known). */
  public volatile Integer granted;

  /** Reading the Spark master takes this long first (real time). */
  public volatile long masterDelayMillis;

  /** Σ of Kafka's latest offsets, as the overdue look reads it. */
  public volatile long latestOffsets;

  /** When a migration switched the tenant's Kafka cluster; null: never. */
  public volatile Long switchedAt;

  /** When set, reading Kafka's latest offsets fails with this (Kafka is down). */
  public volatile RuntimeException kafkaFailure;

  /** How many times Kafka's latest offsets were read. */
  public final AtomicInteger kafkaReads = new AtomicInteger();

  public final List<ScaleFleetRequest> scaled = new CopyOnWriteArrayList<>();
  public final List<DecisionRecord> recorded = new CopyOnWriteArrayList<>();
  public volatile OverrideState stored;
  public final AtomicInteger prunes = new AtomicInteger();
  public final AtomicInteger observations = new AtomicInteger();

  @Override
  public int pruneBatches(TenantRequest request) {
    prunes.incrementAndGet();
    return 0;
  }

  @Override
  public FleetSize observeFleetSize(TenantRequest request) {
    observations.incrementAndGet();
    return new FleetSize(type, type == FleetKind.NONE ? null : desired, alive);
  }

  @Override
  public MasterView observeMaster(TenantRequest request) {
    if (masterDelayMillis > 0) {
      try {
        Thread.sleep(masterDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (masterFailure != null) {
      throw masterFailure;
    }
    return new MasterView(alive, "worker-1", "host-1", List.of("host-2", "host-3"), granted);
  }

  @Override
  public KafkaEnds readLatestOffsets(TenantRequest request) {
    kafkaReads.incrementAndGet();
    if (kafkaFailure != null) {
      throw kafkaFailure;
    }
    return new KafkaEnds(latestOffsets, 1, switchedAt);
  }

  @Override
  public WalFiles listWalFiles(TenantRequest request) {
    if (walFailure != null) {
      throw walFailure;
    }
    return new WalFiles(wal);
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
  public OverrideState loadOverride(TenantRequest request) {
    return stored == null ? new OverrideState(request.tenant(), null, null) : stored;
  }

  @Override
  public OverrideState saveOverride(OverrideStateChange change) {
    int now = savingNow.incrementAndGet();
    mostSavingAtOnce.accumulateAndGet(now, Math::max);
    try {
      if (saveMillis > 0) {
        Thread.sleep(saveMillis); // a database write that takes a while: saves can overlap
      }
      stored = new OverrideState(change.tenant(), change.enableUpScale(), change.enableDownScale());
      return stored;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      savingNow.decrementAndGet();
    }
  }

  final java.util.concurrent.atomic.AtomicInteger savingNow =
      new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger mostSavingAtOnce =
      new java.util.concurrent.atomic.AtomicInteger();
  volatile long saveMillis;
}
