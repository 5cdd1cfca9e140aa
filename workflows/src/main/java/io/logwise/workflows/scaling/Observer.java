package io.logwise.workflows.scaling;

import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.TenantRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * The loop's observe step: three questions to three systems (the fleet's size, the Spark master,
 * the WAL), asked at once, each its own activity, and what could not be read. Runs in the
 * workflow's thread.
 */
final class Observer {

  private static final String SPLIT_OBSERVATION = "one-question-per-activity";

  private final ScalingActivities activities;

  Observer(ScalingActivities activities) {
    this.activities = activities;
  }

  /**
   * The fleet, the master and the WAL, each its own question; or what could not be read. {@code
   * masterProblem}: the master alone could not be read, and the loop decides on the rest (alive
   * workers from the fleet; no scale-down, which needs the driver's host).
   */
  record Observed(FleetObservation fleet, MasterView master, String problem, String masterProblem) {
    Observed(FleetObservation fleet, MasterView master, String problem) {
      this(fleet, master, problem, null);
    }
  }

  Observed observe(TenantRequest t) {
    Workflow.getVersion(SPLIT_OBSERVATION, 1, 1); // retired: one activity asked all three
    // three questions to three systems, asked at once; each failure is caught as it arrives, so
    // an instance closed while it waits for another answer leaves no unread failure (the SDK logs
    // one with its stack trace, and without sticky execution instances close after every task)
    Promise<Answer<FleetSize>> size = answer(Async.function(activities::observeFleetSize, t));
    Promise<Answer<MasterView>> master = answer(Async.function(activities::observeMaster, t));
    Promise<Answer<WalFiles>> wal = answer(Async.function(activities::listWalFiles, t));
    // retired: runs that read the first failure and left the later answers unread
    Workflow.getVersion("every-answer-read", 1, 1);
    // read all three before deciding: an answer nobody reads is a warning with a stack trace
    // in the worker's log for every failed evaluation
    String fleet = problem(size, "cannot observe the fleet: ");
    String spark = problem(master, "cannot read the Spark master: ");
    String walFiles = problem(wal, "cannot list the WAL files: ");
    if (spark != null
        && fleet == null
        && walFiles == null
        && Workflow.getVersion("decide-without-master", Workflow.DEFAULT_VERSION, 1) == 1) {
      // what the batch says is known, and so are the fleet and the WAL: decide on those
      FleetSize s = size.get().value();
      Integer alive = s.ready() != null ? s.ready() : s.desired();
      if (alive != null) {
        return new Observed(
            new FleetObservation(
                s.kind(), s.desired(), s.ready(), alive, null, wal.get().value().names()),
            null,
            null,
            spark);
      }
    }
    String why = fleet != null ? fleet : spark != null ? spark : walFiles;
    if (why != null) {
      return new Observed(null, null, why);
    }
    return new Observed(
        FleetObservation.of(size.get().value(), master.get().value(), wal.get().value()),
        master.get().value(),
        null);
  }

  /** An activity's result or its failure, read without throwing. */
  private record Answer<T>(T value, RuntimeException failure) {}

  private static <T> Promise<Answer<T>> answer(Promise<T> result) {
    return result.handle((value, failure) -> new Answer<>(value, failure));
  }

  /** What went wrong with an answer, or null; a failure other than the activity's is thrown. */
  private static String problem(Promise<? extends Answer<?>> answer, String what) {
    RuntimeException failure = answer.get().failure();
    if (failure == null) {
      return null;
    }
    if (failure instanceof ActivityFailure e) {
      return what + LogwiseFailures.rootMessage(e);
    }
    throw failure;
  }
}
