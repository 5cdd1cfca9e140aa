package io.logwise.workflows.planned;

import io.logwise.policy.planned.PlannedEvents;

/**
 * A tenant's planned-event knobs, from configuration (the {@code configure} signal, sent on every
 * worker start, also sends the floors again).
 *
 * @param leadTimeSeconds how long before an event its floors hold (1800-3600; default 2700)
 * @param capacities what the floors are sized from
 * @param vectorScaling whether {@code vector-scaler/<tenant>} runs (else the Vector floor is only
 *     reported)
 * @param partitionGrowth whether {@code kafka-partitions/<tenant>} runs (else the partitions are
 *     only reported)
 */
public record PlannedEventsSettings(
    Long leadTimeSeconds,
    PlannedEvents.Capacities capacities,
    Boolean vectorScaling,
    Boolean partitionGrowth) {

  /** Defaults: 45 minutes, the sizing calculator's capacities, both parts reported only. */
  public static final PlannedEventsSettings DEFAULTS =
      new PlannedEventsSettings(
          PlannedEvents.DEFAULT_LEAD_MILLIS / 1000,
          new PlannedEvents.Capacities(20_000, 16_000, 2_000, 2),
          false,
          false);
}
