package io.logwise.workflows.planned;

/**
 * Input of {@link PlannedEventsWorkflow}; {@code --input '{"tenant":"acme"}'} uses {@link
 * PlannedEventsSettings#DEFAULTS}.
 *
 * @param settings null for the defaults
 * @param maxHistoryEvents continue as new past this many events (2000)
 * @param carriedOver state from the previous run, else null
 */
public record PlannedEventsInput(
    String tenant,
    PlannedEventsSettings settings,
    Integer maxHistoryEvents,
    PlannedEventsState carriedOver) {

  public static PlannedEventsInput of(String tenant, PlannedEventsSettings settings) {
    return new PlannedEventsInput(tenant, settings, null, null);
  }
}
