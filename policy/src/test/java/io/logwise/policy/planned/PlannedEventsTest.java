package io.logwise.policy.planned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logwise.policy.planned.PlannedEvents.Capacities;
import io.logwise.policy.planned.PlannedEvents.Event;
import io.logwise.policy.planned.PlannedEvents.Floors;
import io.logwise.policy.vector.VectorPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedEventsTest {

  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;
  private static final long NOW = 1_800_000_000_000L;
  private static final long LEAD = PlannedEvents.DEFAULT_LEAD_MILLIS;
  private static final Capacities C = new Capacities(20_000, 16_000, 2_000, 2);

  private static Event event(String name, long startsIn, long lasts, long peak) {
    return new Event(name, NOW + startsIn, NOW + startsIn + lasts, peak);
  }

  @Test
  void aValidEventHasNoProblems() {
    assertEquals(List.of(), PlannedEvents.problems(event("black-friday", HOUR, HOUR, 50_000), NOW));
  }

  @Test
  void eachBadFieldIsNamed() {
    assertEquals(
        List.of(
            "name is required",
            "startsAt is in the past",
            "endsAt must be after startsAt",
            "expectedPeakLogsPerSecond must be at least 1"),
        PlannedEvents.problems(new Event(" ", NOW - 1, NOW - 1, 0), NOW));
    assertEquals(
        List.of(
            "name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "the event lasts longer than 7 days (endsAt - startsAt)",
            "expectedPeakLogsPerSecond must be at most 100000000"),
        PlannedEvents.problems(event("-x y", HOUR, 7 * 24 * HOUR + 1, 100_000_001), NOW));
    assertEquals(
        List.of("startsAt is more than a year ahead"),
        PlannedEvents.problems(event("later", 367 * 24 * HOUR, HOUR, 5), NOW));
    // exactly seven days is allowed
    assertEquals(List.of(), PlannedEvents.problems(event("week", HOUR, 7 * 24 * HOUR, 5), NOW));
  }

  @Test
  void leadTimeIsThirtyToSixtyMinutes() {
    assertNull(PlannedEvents.leadProblem(30 * MIN));
    assertNull(PlannedEvents.leadProblem(60 * MIN));
    assertEquals("leadTime must be between 30 and 60 minutes", PlannedEvents.leadProblem(29 * MIN));
    assertEquals("leadTime must be between 30 and 60 minutes", PlannedEvents.leadProblem(61 * MIN));
  }

  @Test
  void anEventHoldsFromItsLeadTimeUntilItEnds() {
    Event e = event("sale", 2 * HOUR, HOUR, 10_000);
    List<Event> events = List.of(e);
    assertFalse(PlannedEvents.floors(events, e.startsAtMillis() - LEAD - 1, LEAD, C).holds());
    Floors at = PlannedEvents.floors(events, e.startsAtMillis() - LEAD, LEAD, C);
    assertTrue(at.holds());
    // 150 % of 10,000 logs/s: 15,000 → Vector 1 (20k each), Spark 1 (16k each), Kafka 8 (2k each)
    assertEquals(new Floors(10_000, 1, 1, 8, e.endsAtMillis(), List.of("sale")), at);
    assertTrue(PlannedEvents.floors(events, e.endsAtMillis() - 1, LEAD, C).holds());
    assertEquals(Floors.NONE, PlannedEvents.floors(events, e.endsAtMillis(), LEAD, C));
  }

  @Test
  void overlappingEventsTakeTheLargestPeak() {
    Event small = event("small", HOUR, 3 * HOUR, 40_000);
    Event big = event("big", 2 * HOUR, HOUR, 100_000);
    Floors both = PlannedEvents.floors(List.of(small, big), NOW + 2 * HOUR, LEAD, C);
    assertEquals(100_000, both.peakLogsPerSecond());
    // 150,000 logs/s: Vector ⌈150k/20k⌉ = 8, Spark ⌈150k/16k⌉ = 10, Kafka 75 → 76 (multiple of 2)
    assertEquals(8, both.vectorInstances());
    assertEquals(10, both.sparkWorkers());
    assertEquals(76, both.kafkaPartitions());
    assertEquals(NOW + 4 * HOUR, both.untilMillis());
    assertEquals(List.of("small", "big"), both.events());
    // after the big one ends the small one still holds
    Floors after = PlannedEvents.floors(List.of(small, big), NOW + 3 * HOUR, LEAD, C);
    assertEquals(40_000, after.peakLogsPerSecond());
    assertEquals(List.of("small"), after.events());
  }

  @Test
  void nextChangeIsTheNearestLeadOrEnd() {
    Event a = event("a", 2 * HOUR, HOUR, 1);
    Event b = event("b", 10 * MIN, 20 * MIN, 1); // its lead time is already under way
    List<Event> events = List.of(a, b);
    assertEquals(b.endsAtMillis(), PlannedEvents.nextChange(events, NOW, LEAD));
    assertEquals(
        a.startsAtMillis() - LEAD, PlannedEvents.nextChange(events, b.endsAtMillis(), LEAD));
    assertEquals(a.endsAtMillis(), PlannedEvents.nextChange(events, a.startsAtMillis(), LEAD));
    assertEquals(0, PlannedEvents.nextChange(events, a.endsAtMillis(), LEAD));
  }

  @Test
  void vectorIsSizedFromWhatItsInstancesWereMeasuredToCarry() {
    VectorPolicy.Rules rules = VectorPolicy.Rules.DEFAULTS; // high CPU 70 %
    // 3 instances carrying 6,000 logs/s at 35 % CPU: 2,000 each, 4,000 each at 70 %
    List<VectorPolicy.Sample> window =
        List.of(
            new VectorPolicy.Sample(NOW, 0.35, null, 6_000.0, 0.0, 3),
            new VectorPolicy.Sample(NOW, 0.05, null, 100.0, 0.0, 3)); // too idle to measure
    assertEquals(4_000.0, PlannedEvents.measuredPerInstance(window, rules), 1e-6);
    assertEquals(8, PlannedEvents.vectorInstances(30_000, window, rules, 20_000));
    // nothing measurable: the configured capacity
    assertNull(PlannedEvents.measuredPerInstance(window.subList(1, 2), rules));
    assertEquals(2, PlannedEvents.vectorInstances(30_000, window.subList(1, 2), rules, 20_000));
  }
}
