package io.logwise.workflows.spark;

/**
 * Input of {@link SparkSupervisorWorkflow}: {@code --input '{"tenant":"acme"}'} is enough.
 *
 * @param tenant configured tenant name
 * @param settings tunables, null for defaults
 * @param maxHistoryEvents continue as new past this many events (default 2000)
 * @param carriedOver state from the previous run on continue-as-new, else null
 */
public record SparkSupervisorInput(
    String tenant,
    SupervisorSettings settings,
    Integer maxHistoryEvents,
    SupervisorState carriedOver) {

  public static SparkSupervisorInput of(String tenant, SupervisorSettings settings) {
    return new SparkSupervisorInput(tenant, settings, null, null);
  }

  int maxHistoryEventsOrDefault() {
    return maxHistoryEvents == null ? 2000 : maxHistoryEvents;
  }
}
