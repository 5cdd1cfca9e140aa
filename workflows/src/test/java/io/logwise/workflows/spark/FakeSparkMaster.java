package io.logwise.workflows.spark;

import io.logwise.workflows.LogwiseFailures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Spark master: drivers by id with a state, idempotent submissions by key, and
 * switches to make it unreachable, reject submissions, or "crash the worker" right after a
 * submission reached the master.
 */
public class FakeSparkMaster
    implements SparkDriverActivities, StreamingStateActivities, SupervisionRecords {

  public final Map<String, String> drivers = new LinkedHashMap<>();
  public final Map<String, String> byKey = new LinkedHashMap<>();
  public final List<SubmitRequest> submissions = new CopyOnWriteArrayList<>();
  public final List<String> kills = new CopyOnWriteArrayList<>();
  public final List<StateResetRequest> resets = new CopyOnWriteArrayList<>();
  public final List<ReplayRecord> replayRecords = new CopyOnWriteArrayList<>();
  public final List<ClusterSwitch> clusterSwitches = new CopyOnWriteArrayList<>();
  public final AtomicInteger failResets = new AtomicInteger();
  public final AtomicInteger crashAfterNextSubmit = new AtomicInteger();
  public volatile boolean reachable = true;
  public volatile boolean rejectSubmissions;
  public volatile String stateOfNewDrivers = "RUNNING";
  private int next = 1;

  public synchronized void set(String id, String state) {
    drivers.put(id, state);
  }

  /** A master restarted without recovery: it no longer knows the driver. */
  public synchronized void forget(String id) {
    drivers.remove(id);
  }

  public synchronized String state(String id) {
    return drivers.get(id);
  }

  public synchronized List<String> alive() {
    List<String> ids = new ArrayList<>();
    drivers.forEach(
        (id, st) -> {
          if (List.of("SUBMITTED", "RUNNING", "RELAUNCHING", "UNKNOWN").contains(st)) {
            ids.add(id);
          }
        });
    return ids;
  }

  @Override
  public synchronized DriverObservation observe(ObserveRequest request) {
    if (!reachable) {
      throw LogwiseFailures.unavailable("connection refused", null);
    }
    String id = request.submissionId();
    String state = id == null ? null : drivers.getOrDefault(id, "NOT_FOUND");
    List<String> others = alive().stream().filter(d -> !d.equals(id)).toList();
    return new DriverObservation(id, state, null, id == null ? null : "worker-1", others, 2);
  }

  @Override
  public synchronized SubmitResult submitDriver(SubmitRequest request) {
    if (!reachable) {
      throw LogwiseFailures.unavailable("connection refused", null);
    }
    if (rejectSubmissions) {
      throw LogwiseFailures.badConfig("Malformed request: appResource is missing");
    }
    String known = byKey.get(request.idempotencyKey());
    if (known != null) {
      return new SubmitResult(known, false, "already submitted with this key");
    }
    String id = "driver-" + next++;
    drivers.put(id, stateOfNewDrivers);
    byKey.put(request.idempotencyKey(), id);
    submissions.add(request);
    if (crashAfterNextSubmit.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw LogwiseFailures.unavailable("worker lost after POST /create", null);
    }
    return new SubmitResult(id, false, "submitted");
  }

  @Override
  public synchronized KillResult killDriver(KillRequest request) {
    kills.add(request.submissionId());
    String st = drivers.get(request.submissionId());
    if (st != null && alive().contains(request.submissionId())) {
      drivers.put(request.submissionId(), "KILLED");
      return new KillResult(true, "killed");
    }
    return new KillResult(false, "already finished");
  }

  @Override
  public synchronized DriverGone awaitDriverGone(AwaitGoneRequest request) {
    return new DriverGone(
        drivers.getOrDefault(request.submissionId(), "NOT_FOUND"), System.currentTimeMillis());
  }

  @Override
  public StateResetResult resetStreamingState(StateResetRequest request) {
    if (failResets.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw LogwiseFailures.badConfig("access denied on the checkpoint prefix");
    }
    resets.add(request);
    return new StateResetResult(
        3, 3, "logwise-backups/" + request.tenant() + "/" + request.idempotencyKey() + "/");
  }

  @Override
  public void recordReplay(ReplayRecord record) {
    replayRecords.add(record);
  }

  @Override
  public void switchCluster(ClusterSwitch change) {
    clusterSwitches.add(change);
  }
}
