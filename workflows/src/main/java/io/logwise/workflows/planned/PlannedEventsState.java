package io.logwise.workflows.planned;

import io.logwise.policy.planned.PlannedEvents;
import java.util.List;

/**
 * What {@code planned-events/<tenant>} keeps: the events not ended yet (soonest first), the last
 * ones that ended or were cancelled, the floors holding now, and what each part answered when they
 * were last sent.
 *
 * @param floors what holds now ({@link PlannedEvents.Floors#NONE} when nothing does)
 * @param applied one line per part: what it was asked and whether it got it
 */
public record PlannedEventsState(
    String tenant,
    long leadTimeSeconds,
    List<PlannedEventView> events,
    List<PlannedEventView> past,
    PlannedEvents.Floors floors,
    List<String> applied) {

  public PlannedEventsState {
    events = events == null ? List.of() : List.copyOf(events);
    past = past == null ? List.of() : List.copyOf(past);
    applied = applied == null ? List.of() : List.copyOf(applied);
    floors = floors == null ? PlannedEvents.Floors.NONE : floors;
  }
}
