package io.logwise.workflows.planned;

import io.logwise.policy.planned.PlannedEvents;

/**
 * One planned event as an operator reads it.
 *
 * @param preScaleAt when its floors start to hold ({@code leadTime} before {@code startsAt})
 * @param phase {@code scheduled} (before {@code preScaleAt}), {@code holding} (until {@code
 *     endsAt}), {@code ended} or {@code cancelled}
 * @param plan what it asks of each part, sized from the configured capacities (Vector uses what its
 *     instances were measured to carry when it can measure it)
 */
public record PlannedEventView(
    String name,
    String startsAt,
    String endsAt,
    long expectedPeakLogsPerSecond,
    String preScaleAt,
    String phase,
    PlannedEvents.Floors plan,
    String requestedBy) {}
