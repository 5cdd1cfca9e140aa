package io.logwise.workflows;

import io.temporal.workflow.Workflow;

/**
 * The history rule every long-running workflow follows (no run past 4,000 events): continue as new
 * once the history passes the run's limit or the server suggests it, and refuse updates that arrive
 * while a full run hands over ({@link LogwiseFailures#HISTORY_FULL}; nothing ran, the API sends
 * them again). Call from workflow code only.
 */
public final class HistoryBudget {

  /** Updates past the limit by more than this are refused until the run continued as new. */
  public static final int MARGIN = 10;

  private HistoryBudget() {}

  public static boolean isLong(int maxEvents) {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > maxEvents;
  }

  /** For update validators. */
  public static void refuseWhenFull(int maxEvents) {
    if (Workflow.getInfo().getHistoryLength() > maxEvents + MARGIN) {
      throw new IllegalStateException(LogwiseFailures.HISTORY_FULL);
    }
  }
}
