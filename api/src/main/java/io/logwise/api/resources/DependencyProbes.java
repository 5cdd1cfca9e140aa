package io.logwise.api.resources;

import io.logwise.api.workflows.WorkflowProgress;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/** Light checks of what the API depends on, each bounded to a few seconds. */
public final class DependencyProbes {

  /** One component's health; {@code error} is null when it is UP. */
  public record Check(String status, String error) {
    public boolean up() {
      return "UP".equals(status);
    }
  }

  private final Jdbi jdbi;
  private final WorkflowServiceStubs temporal;
  private final WorkflowProgress progress;

  public DependencyProbes(Jdbi jdbi, WorkflowServiceStubs temporal, WorkflowProgress progress) {
    this.jdbi = jdbi;
    this.temporal = temporal;
    this.progress = progress;
  }

  /** DOWN while any tenant workflow is not progressing (from the last look, every 15 s). */
  public Check workflows() {
    List<WorkflowProgress.Stuck> stuck = progress.stuck();
    if (stuck.isEmpty()) {
      return new Check("UP", null);
    }
    String list =
        stuck.stream()
            .limit(5)
            .map(s -> s.workflowId() + ": " + s.problem())
            .collect(java.util.stream.Collectors.joining("; "));
    return new Check(
        "DOWN",
        stuck.size()
            + " workflow(s) not progressing: "
            + list
            + (stuck.size() > 5 ? "; and " + (stuck.size() - 5) + " more" : ""));
  }

  public Check database() {
    return probe(
        "the database",
        () ->
            jdbi.withHandle(
                h -> h.createQuery("SELECT 1").setQueryTimeout(3).mapTo(Integer.class).one()));
  }

  public Check temporal() {
    return probe(
        "Temporal",
        () ->
            temporal
                .blockingStub()
                .withDeadlineAfter(3, TimeUnit.SECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
  }

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DependencyProbes.class);

  private static Check probe(String what, Runnable call) {
    try {
      call.run();
      return new Check("UP", null);
    } catch (RuntimeException e) {
      // the open health endpoints say down, not the driver's exception text (that is logged)
      log.warn("{} probe failed: {}", what, e.toString());
      return new Check("DOWN", what + " cannot be reached");
    }
  }
}
