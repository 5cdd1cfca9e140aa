package io.logwise.api.resources;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
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

  public DependencyProbes(Jdbi jdbi, WorkflowServiceStubs temporal) {
    this.jdbi = jdbi;
    this.temporal = temporal;
  }

  public Check database() {
    return probe(
        () ->
            jdbi.withHandle(
                h -> h.createQuery("SELECT 1").setQueryTimeout(3).mapTo(Integer.class).one()));
  }

  public Check temporal() {
    return probe(
        () ->
            temporal
                .blockingStub()
                .withDeadlineAfter(3, TimeUnit.SECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
  }

  private static Check probe(Runnable call) {
    try {
      call.run();
      return new Check("UP", null);
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      return new Check("DOWN", e.getClass().getSimpleName() + ": " + message);
    }
  }
}
