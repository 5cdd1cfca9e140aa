package io.logwise.workflows.kafka;

import io.logwise.workflows.LogwiseFailures;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every call in order; each step's answer can be set, and the drain can hold. */
public class FakeMigration implements MigrationActivities {

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<MigrationProgress> saved = new CopyOnWriteArrayList<>();
  final List<VectorSwitchRequest> switches = new CopyOnWriteArrayList<>();
  final List<CutoverRequest> cutovers = new CopyOnWriteArrayList<>();
  volatile String holder;

  /** The run a claim reports it was made by; null: the claiming run itself. */
  volatile String claimedBy;

  volatile List<String> preflightProblems = List.of();
  volatile boolean arrives = true;
  volatile boolean drains = true;
  volatile boolean holdDrain;
  volatile boolean failSwitch;
  final AtomicInteger failCutovers = new AtomicInteger();

  @Override
  public ClaimResult claim(ClaimRequest r) {
    calls.add("claim");
    return holder == null
        ? ClaimResult.made(
            "old:9092",
            claimedBy != null ? claimedBy : Activity.getExecutionContext().getInfo().getRunId())
        : ClaimResult.refused(
            MigrationStart.Outcome.RUNNING,
            holder,
            "old:9092",
            "migration " + holder + " is running for tenant " + r.tenant());
  }

  @Override
  public void saveProgress(MigrationProgress progress) {
    saved.add(progress);
  }

  @Override
  public PreflightResult preflight(PreflightRequest r) {
    calls.add("preflight" + (r.dryRun() ? " (dry run)" : ""));
    return new PreflightResult(
        2,
        3,
        List.of("logs.b"),
        List.of(),
        6,
        1234,
        List.of("logs.b: replication factor 3 capped at 1"),
        preflightProblems);
  }

  @Override
  public VectorSwitchResult switchVector(VectorSwitchRequest r) {
    calls.add("switchVector " + r.purpose() + " " + r.bootstrapServers());
    switches.add(r);
    if (failSwitch && r.purpose().equals("switch")) {
      throw LogwiseFailures.badConfig("configmap logwise/vector not found");
    }
    return new VectorSwitchResult(true, true, 2, "rolled 2 pods");
  }

  @Override
  public WaitResult awaitArrival(ArrivalRequest r) {
    calls.add("awaitArrival");
    return new WaitResult(
        arrives,
        arrives
            ? "records arriving on new:9092"
            : "nothing arrived in " + r.timeoutSeconds() + "s");
  }

  @Override
  public WaitResult awaitDrained(DrainRequest r) {
    calls.add("awaitDrained");
    while (holdDrain) {
      Activity.getExecutionContext().heartbeat("holding");
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new WaitResult(false, "interrupted");
      }
    }
    return new WaitResult(
        drains, drains ? "drained" : "1200 records unread after " + r.timeoutSeconds() + "s");
  }

  @Override
  public String cutOverSpark(CutoverRequest r) {
    calls.add("cutOverSpark " + r.attempt());
    cutovers.add(r);
    if (failCutovers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw LogwiseFailures.badConfig("the master rejected the submission");
    }
    return "driver-9";
  }

  @Override
  public WaitResult awaitRecovery(RecoveryRequest r) {
    calls.add("awaitRecovery");
    return new WaitResult(true, "reading new:9092, 2 minutes behind");
  }
}
