package io.logwise.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.planned.CancelEventRequest;
import io.logwise.workflows.planned.PlannedEventRequest;
import io.logwise.workflows.planned.PlannedEventView;
import io.logwise.workflows.planned.PlannedEventsState;
import io.logwise.workflows.planned.PlannedEventsWorkflow;
import io.logwise.workflows.planned.PlannedEventsWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logwise plan-event}: plans, lists or cancels a tenant's planned events — the same updates
 * and query of {@code planned-events/<tenant>} as the API and {@code temporal workflow update}.
 */
@Command(
    name = "plan-event",
    mixinStandardHelpOptions = true,
    description = {
      "Plan an event the pipeline is pre-scaled for, list the planned ones, or cancel one.",
      "",
      "Plan:    logwise plan-event -c F --tenant acme --name black-friday",
      "           --starts 2026-11-27T08:00:00Z --ends 2026-11-28T00:00:00Z --peak 120000",
      "List:    logwise plan-event -c F --tenant acme --list",
      "Cancel:  logwise plan-event -c F --tenant acme --cancel black-friday",
      "(--address HOST:PORT [--namespace NS] instead of -c, e.g. for dev.)",
      "Exit 0 ok, 1 refused or failed, 2 bad input."
    })
final class PlanEventCommand implements Callable<Integer> {

  @picocli.CommandLine.Mixin TemporalTarget temporal;

  @Option(names = "--tenant", required = true)
  String tenant;

  @Option(names = "--json", description = "print the answer as one JSON object")
  boolean json;

  @ArgGroup(exclusive = true)
  Action action;

  /** What to do besides planning. */
  static final class Action {
    @Option(names = "--list", description = "the planned events and the floors holding now")
    boolean list;

    @Option(names = "--cancel", paramLabel = "NAME", description = "cancel the named event")
    String cancel;
  }

  @Option(names = "--name", description = "the event's name (letters, digits, . _ -)")
  String name;

  @Option(names = "--starts", paramLabel = "INSTANT", description = "e.g. 2026-11-27T08:00:00Z")
  String starts;

  @Option(names = "--ends", paramLabel = "INSTANT", description = "at most 7 days after --starts")
  String ends;

  @Option(names = "--peak", paramLabel = "LOGS_PER_SECOND", description = "expected peak")
  Long peak;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() throws Exception {
    TemporalTarget.Resolved where = temporal.resolve("plan-event");
    if (where == null) {
      return 2;
    }
    PlannedEventRequest request = null;
    if (action == null) {
      request =
          new PlannedEventRequest(name, starts, ends, peak, System.getProperty("user.name", "cli"));
      List<String> problems =
          PlannedEventsWorkflowImpl.problems(request, System.currentTimeMillis());
      if (!problems.isEmpty()) {
        System.err.println("cannot plan the event (" + problems.size() + " problem(s)):");
        problems.forEach(p -> System.err.println("  * " + p));
        return 2;
      }
    }
    WorkflowServiceStubs stubs = TemporalTarget.stubs(where);
    try {
      WorkflowClient client = TemporalTarget.client(stubs, where);
      PlannedEventsWorkflow wf =
          client.newWorkflowStub(PlannedEventsWorkflow.class, WorkflowIds.plannedEvents(tenant));
      if (action != null && action.list) {
        PlannedEventsState state = wf.state();
        print(state, () -> describe(state));
        return 0;
      }
      PlannedEventRequest planned = request;
      PlannedEventView answer =
          retryingWhileFull(
              () ->
                  planned != null
                      ? wf.plan(planned)
                      : wf.cancel(
                          new CancelEventRequest(
                              action.cancel, System.getProperty("user.name", "cli"))));
      print(answer, () -> describe(answer));
      return 0;
    } catch (WorkflowUpdateException e) {
      System.err.println(
          "refused: "
              + (e.getCause() instanceof ApplicationFailure f
                  ? f.getOriginalMessage()
                  : LogwiseFailures.rootMessage(e)));
      return 1;
    } catch (WorkflowNotFoundException e) {
      System.err.println(
          WorkflowIds.plannedEvents(tenant)
              + " is not running: is "
              + tenant
              + " configured, and has a worker started?");
      return 1;
    } catch (RuntimeException e) {
      System.err.println("failed: " + LogwiseFailures.rootMessage(e));
      return 1;
    } finally {
      TemporalTarget.close(stubs);
    }
  }

  /** Sends again while a full run hands over (for up to 10 s), as the API does. */
  private static <T> T retryingWhileFull(Supplier<T> update) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return update.get();
      } catch (WorkflowUpdateException e) {
        boolean full =
            e.getCause() instanceof ApplicationFailure f
                && LogwiseFailures.HISTORY_FULL.equals(f.getOriginalMessage());
        if (!full || System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private void print(Object answer, Supplier<String> text) throws Exception {
    System.out.println(json ? JSON.writeValueAsString(answer) : text.get());
  }

  private static String describe(PlannedEventView e) {
    return String.format(
        "%s: %s, %s to %s, %d logs/s expected; from %s: Vector %d, Spark %d, Kafka %d partitions",
        e.name(),
        e.phase(),
        e.startsAt(),
        e.endsAt(),
        e.expectedPeakLogsPerSecond(),
        e.preScaleAt(),
        e.plan().vectorInstances(),
        e.plan().sparkWorkers(),
        e.plan().kafkaPartitions());
  }

  private static String describe(PlannedEventsState s) {
    StringBuilder b = new StringBuilder();
    b.append(s.tenant()).append(": lead time ").append(s.leadTimeSeconds() / 60).append(" min\n");
    if (s.events().isEmpty()) {
      b.append("  no planned events\n");
    }
    s.events().forEach(e -> b.append("  ").append(describe(e)).append('\n'));
    if (s.floors().holds()) {
      b.append("holding for ").append(String.join(", ", s.floors().events())).append(":\n");
      s.applied().forEach(a -> b.append("  ").append(a).append('\n'));
    }
    return b.toString().stripTrailing();
  }
}
