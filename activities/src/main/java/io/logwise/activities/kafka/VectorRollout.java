package io.logwise.activities.kafka;

import io.logwise.workflows.kafka.MigrationActivities.VectorSwitchResult;

/**
 * Where Vector reads its brokers from, and how its instances are made to read them again. Applying
 * the same key twice finishes (or waits for) the first rollout instead of starting a second one.
 */
public interface VectorRollout {

  /**
   * Writes {@code bootstrapServers} where Vector reads it, rolls every instance onto it (keyed by
   * {@code rolloutKey}), and returns once all of them run the new configuration, heartbeating.
   */
  VectorSwitchResult apply(String rolloutKey, String bootstrapServers);
}
