package io.logwise.workflows.planned;

import io.logwise.policy.planned.PlannedEvents;
import io.logwise.workflows.HistoryBudget;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.WorkflowIds;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;

/** Implementation of {@link PlannedEventsWorkflow}: hold → wait for the next lead or end → hold. */
public class PlannedEventsWorkflowImpl implements PlannedEventsWorkflow {

  private static final Logger log = Workflow.getLogger(PlannedEventsWorkflowImpl.class);
  private static final int KEPT_PAST = 20;

  /** A part that could not be told is told again this soon. */
  private static final Duration RETRY = Duration.ofMinutes(1);

  private String tenant;
  private PlannedEventsSettings settings;
  private final List<Planned> events = new ArrayList<>();
  private final List<PlannedEventView> past = new ArrayList<>();
  private PlannedEvents.Floors sent = PlannedEvents.Floors.NONE;
  private List<String> applied = List.of();
  private boolean changed;
  private boolean resend;
  private int maxEvents = 2000;

  /** An event and who planned it. */
  private record Planned(PlannedEvents.Event event, String requestedBy) {}

  /**
   * Runs before any handler. A signal or an update can reach a run in its first workflow task,
   * before {@code run} starts: settings sent with signal-with-start, and a cancel right after
   * continue-as-new (it was refused as unknown before the carried-over events were read).
   */
  @WorkflowInit
  public PlannedEventsWorkflowImpl(PlannedEventsInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      return; // run() refuses it
    }
    tenant = input.tenant();
    settings = settingsOf(input);
    maxEvents = input.maxHistoryEvents() == null ? 2000 : input.maxHistoryEvents();
    PlannedEventsState carried = input.carriedOver();
    if (carried != null) {
      for (PlannedEventView v : carried.events()) {
        events.add(new Planned(event(v), v.requestedBy()));
      }
      past.addAll(carried.past());
      sent = carried.floors();
      applied = carried.applied();
    }
  }

  private static PlannedEventsSettings settingsOf(PlannedEventsInput input) {
    return input.settings() == null ? PlannedEventsSettings.DEFAULTS : input.settings();
  }

  @Override
  public void run(PlannedEventsInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    List<String> problems = problems(settingsOf(input));
    if (!problems.isEmpty()) {
      throw LogwiseFailures.invalidInput(String.join("; ", problems));
    }
    // tenant, settings, limit and carried-over events were set by the constructor (settings
    // signalled since have replaced the input's)
    while (true) {
      changed = false; // before hold(): an update arriving while it signals must wake the wait
      boolean failed = hold();
      long now = Workflow.currentTimeMillis();
      long next = PlannedEvents.nextChange(list(), now, leadMillis());
      if (next == 0 && !failed) {
        Workflow.await(() -> changed || HistoryBudget.isLong(maxEvents));
      } else {
        Duration wait = next == 0 ? RETRY : Duration.ofMillis(Math.max(1, next - now));
        if (failed && wait.compareTo(RETRY) > 0) {
          wait = RETRY;
        }
        Workflow.await(wait, () -> changed || HistoryBudget.isLong(maxEvents));
      }
      if (HistoryBudget.isLong(maxEvents)) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(
            new PlannedEventsInput(tenant, settings, input.maxHistoryEvents(), state()));
      }
    }
  }

  // ---- holding -------------------------------------------------------------------------------

  /**
   * Moves ended events to the past, works out what holds now, and sends it to every part when it
   * changed (or a resend was asked for). True when some part could not be told.
   */
  private boolean hold() {
    long now = Workflow.currentTimeMillis();
    for (Planned p : List.copyOf(events)) {
      if (p.event().endedBy(now)) {
        events.remove(p);
        remember(view(p, "ended", now));
        log.info("tenant {}: planned event {} ended", tenant, p.event().name());
      }
    }
    PlannedEvents.Floors floors =
        PlannedEvents.floors(list(), now, leadMillis(), settings.capacities());
    boolean failed = false;
    if (!floors.equals(sent) || resend) {
      resend = false;
      failed = send(floors);
      sent = floors;
      if (floors.holds()) {
        log.info(
            "tenant {}: holding for {}: {} logs/s expected, Vector {}, Spark {}, Kafka {}",
            tenant,
            floors.events(),
            floors.peakLogsPerSecond(),
            floors.vectorInstances(),
            floors.sparkWorkers(),
            floors.kafkaPartitions());
      } else {
        log.info("tenant {}: no planned event holds; floors lifted", tenant);
      }
    }
    details(now);
    return failed;
  }

  /** Tells each part its floor, all at once; true when one could not be told. */
  private boolean send(PlannedEvents.Floors f) {
    double planned = f.peakLogsPerSecond() * PlannedEvents.HEADROOM;
    List<String> lines = new ArrayList<>();
    Promise<Void> spark =
        tell(
            WorkflowIds.scalingLoop(tenant),
            new PlannedFloor(f.sparkWorkers(), planned, f.untilMillis(), f.events()));
    Promise<Void> vector =
        Boolean.TRUE.equals(settings.vectorScaling())
            ? tell(
                WorkflowIds.vectorScaler(tenant),
                new PlannedFloor(f.vectorInstances(), planned, f.untilMillis(), f.events()))
            : null;
    Promise<Void> kafka =
        Boolean.TRUE.equals(settings.partitionGrowth())
            ? tell(
                WorkflowIds.kafkaPartitions(tenant),
                new PlannedFloor(f.kafkaPartitions(), planned, f.untilMillis(), f.events()))
            : null;
    boolean failed = false;
    failed |= told(lines, "Spark workers", f.sparkWorkers(), spark, "scaling-loop");
    if (vector == null) {
      lines.add(
          "Vector instances "
              + f.vectorInstances()
              + ": not applied, Vector scaling is off (vector.scaling.enabled: false)");
    } else {
      failed |= told(lines, "Vector instances", f.vectorInstances(), vector, "vector-scaler");
    }
    if (kafka == null) {
      lines.add(
          "Kafka partitions "
              + f.kafkaPartitions()
              + " in total: not applied, partition growth is off"
              + " (kafka.enablePartitionScaling: false)");
    } else {
      failed |= told(lines, "Kafka partitions", f.kafkaPartitions(), kafka, "kafka-partitions");
    }
    applied = lines;
    return failed;
  }

  private static Promise<Void> tell(String workflowId, PlannedFloor floor) {
    return Async.procedure(
        () ->
            Workflow.newExternalWorkflowStub(PlannedFloorReceiver.class, workflowId)
                .plannedFloor(floor));
  }

  private boolean told(
      List<String> lines, String what, int value, Promise<Void> answer, String workflow) {
    String asked = what + " " + value + (value == 0 ? " (cleared)" : "");
    try {
      answer.get();
      lines.add(asked + ": sent to " + workflow);
      return false;
    } catch (RuntimeException e) {
      String why = LogwiseFailures.rootMessage(e);
      lines.add(asked + ": NOT sent to " + workflow + " (" + why + "); trying again");
      log.warn("tenant {}: {} floor not sent to {}: {}", tenant, what, workflow, why);
      return true;
    }
  }

  // ---- updates and signals -------------------------------------------------------------------

  @Override
  public void validatePlan(PlannedEventRequest request) {
    refuseWhenInputRefused();
    if (request == null) {
      throw new IllegalArgumentException("a planned event is required");
    }
    List<String> problems = problems(request, Workflow.currentTimeMillis());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (find(request.name()) != null) {
      throw new IllegalStateException("an event named " + request.name() + " is planned already");
    }
    HistoryBudget.refuseWhenFull(maxEvents);
  }

  /** A run whose input was refused takes no update: it is failing. */
  private void refuseWhenInputRefused() {
    if (tenant == null) {
      throw new IllegalStateException("planned events refused their input and are failing");
    }
  }

  @Override
  public PlannedEventView plan(PlannedEventRequest request) {
    // settings are set by the constructor; kept from before @WorkflowInit, a no-op now
    Workflow.await(() -> settings != null);
    if (find(request.name()) != null) { // two of the same name delivered together
      throw ApplicationFailure.newNonRetryableFailure(
          "an event named " + request.name() + " is planned already",
          IllegalStateException.class.getName());
    }
    Planned p = new Planned(toEvent(request), request.requestedBy());
    events.add(p);
    events.sort(Comparator.comparingLong(e -> e.event().startsAtMillis()));
    changed = true;
    log.info(
        "tenant {}: planned event {} ({} to {}, {} logs/s) by {}",
        tenant,
        request.name(),
        request.startsAt(),
        request.endsAt(),
        request.expectedPeakLogsPerSecond(),
        request.requestedBy());
    return view(p, null, Workflow.currentTimeMillis());
  }

  @Override
  public void validateCancel(CancelEventRequest request) {
    refuseWhenInputRefused();
    if (request == null || request.name() == null || request.name().isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (find(request.name()) == null) {
      throw new NoSuchElementException("no planned event named " + request.name());
    }
  }

  @Override
  public PlannedEventView cancel(CancelEventRequest request) {
    Workflow.await(() -> settings != null);
    Planned p = find(request.name());
    if (p == null) { // cancelled by an update delivered together with this one
      throw ApplicationFailure.newNonRetryableFailure(
          "no planned event named " + request.name(), NoSuchElementException.class.getName());
    }
    events.remove(p);
    PlannedEventView v = view(p, "cancelled", Workflow.currentTimeMillis());
    remember(v);
    changed = true;
    log.info(
        "tenant {}: planned event {} cancelled by {}",
        tenant,
        p.event().name(),
        request.requestedBy());
    return v;
  }

  @Override
  public void configure(PlannedEventsSettings next) {
    if (next == null) {
      return;
    }
    if (tenant == null) {
      return; // the input was refused, the run fails
    }
    List<String> problems = problems(next);
    if (!problems.isEmpty()) {
      log.warn(
          "tenant {}: ignoring planned-event settings: {}", tenant, String.join("; ", problems));
      return;
    }
    settings = next;
    resend = true; // a part restarted with the worker has lost nothing, but may be new
    changed = true;
  }

  @Override
  public PlannedEventsState state() {
    long now = Workflow.currentTimeMillis();
    return new PlannedEventsState(
        tenant,
        settings == null ? 0 : leadMillis() / 1000,
        events.stream().map(p -> view(p, null, now)).toList(),
        past,
        sent,
        applied);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static List<String> problems(PlannedEventsSettings s) {
    List<String> p = new ArrayList<>();
    if (s.leadTimeSeconds() != null) {
      String lead = PlannedEvents.leadProblem(s.leadTimeSeconds() * 1000);
      if (lead != null) {
        p.add(lead);
      }
    }
    if (s.capacities() == null) {
      p.add("capacities are required");
    } else {
      p.addAll(s.capacities().problems());
    }
    return p;
  }

  /** Every problem with a request, each naming its field (times parsed as ISO-8601 instants). */
  public static List<String> problems(PlannedEventRequest r, long nowMillis) {
    List<String> p = new ArrayList<>();
    Long starts = instant(r.startsAt(), "startsAt", p);
    Long ends = instant(r.endsAt(), "endsAt", p);
    if (r.expectedPeakLogsPerSecond() == null) {
      p.add("expectedPeakLogsPerSecond is required");
    }
    if (!p.isEmpty()) {
      if (r.name() == null || r.name().isBlank()) {
        p.add(0, "name is required");
      }
      return p;
    }
    return PlannedEvents.problems(toEvent(r), nowMillis);
  }

  private static Long instant(String text, String field, List<String> problems) {
    if (text == null || text.isBlank()) {
      problems.add(field + " is required");
      return null;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      problems.add(field + " must be an ISO-8601 instant such as 2026-11-27T08:00:00Z");
      return null;
    }
  }

  private static PlannedEvents.Event toEvent(PlannedEventRequest r) {
    return new PlannedEvents.Event(
        r.name(),
        Instant.parse(r.startsAt()).toEpochMilli(),
        Instant.parse(r.endsAt()).toEpochMilli(),
        r.expectedPeakLogsPerSecond());
  }

  private static PlannedEvents.Event event(PlannedEventView v) {
    return new PlannedEvents.Event(
        v.name(),
        Instant.parse(v.startsAt()).toEpochMilli(),
        Instant.parse(v.endsAt()).toEpochMilli(),
        v.expectedPeakLogsPerSecond());
  }

  private long leadMillis() {
    return settings.leadTimeSeconds() == null
        ? PlannedEvents.DEFAULT_LEAD_MILLIS
        : settings.leadTimeSeconds() * 1000;
  }

  private List<PlannedEvents.Event> list() {
    return events.stream().map(Planned::event).toList();
  }

  private Planned find(String name) {
    return events.stream().filter(p -> p.event().name().equals(name)).findFirst().orElse(null);
  }

  private PlannedEventView view(Planned p, String phase, long now) {
    PlannedEvents.Event e = p.event();
    String at = phase != null ? phase : e.holdsAt(now, leadMillis()) ? "holding" : "scheduled";
    return new PlannedEventView(
        e.name(),
        Instant.ofEpochMilli(e.startsAtMillis()).toString(),
        Instant.ofEpochMilli(e.endsAtMillis()).toString(),
        e.expectedPeakLogsPerSecond(),
        Instant.ofEpochMilli(e.startsAtMillis() - leadMillis()).toString(),
        at,
        PlannedEvents.sized(
            e.expectedPeakLogsPerSecond(),
            e.endsAtMillis(),
            List.of(e.name()),
            settings.capacities()),
        p.requestedBy());
  }

  private void remember(PlannedEventView v) {
    past.add(v);
    while (past.size() > KEPT_PAST) {
      past.remove(0);
    }
  }

  private void details(long now) {
    StringBuilder md = new StringBuilder("**Planned events** for `" + tenant + "`\n\n");
    if (sent.holds()) {
      md.append("- holding for ").append(String.join(", ", sent.events()));
      md.append(": ").append(sent.peakLogsPerSecond()).append(" logs/s expected\n");
    }
    for (String line : applied) {
      md.append("  - ").append(line).append('\n');
    }
    md.append("- planned: ").append(events.size());
    long next = PlannedEvents.nextChange(list(), now, leadMillis());
    if (next > 0) {
      md.append(", next change ").append(Instant.ofEpochMilli(next));
    }
    Workflow.setCurrentDetails(md.toString());
  }
}
