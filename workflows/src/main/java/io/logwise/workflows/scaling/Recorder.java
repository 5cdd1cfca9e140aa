package io.logwise.workflows.scaling;

import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * The loop's record step: a decision into the database (a failure is logged once per outage, and
 * the loop goes on), and the Temporal UI's current details. Runs in the workflow's thread.
 */
final class Recorder {

  private static final Logger log = Workflow.getLogger(Recorder.class);

  private final ScalingActivities activities;

  // what kept the last decision out of the database, logged once until it changes (not replayed)
  private String problem;

  Recorder(ScalingActivities activities) {
    this.activities = activities;
  }

  /** Stores {@code r}; a failure is logged, once until the reason changes, not thrown. */
  void save(DecisionRecord r) {
    try {
      activities.recordDecision(r);
      if (problem != null) {
        log.info("tenant {}: decisions are recorded in the database again", r.tenant());
        problem = null;
      }
    } catch (ActivityFailure e) {
      String why = LogwiseFailures.rootMessage(e);
      if (!why.equals(problem)) { // once per outage, not once per decision
        log.warn("tenant {}: decision not recorded in the database: {}", r.tenant(), why);
        problem = why;
      }
    }
  }

  /** The UI's current details: the last decision and what acting on it did ({@code outcome}). */
  static String details(DecisionRecord r, String outcome, long evaluations, boolean dryRun) {
    return "**Scaling loop** for `"
        + r.tenant()
        + "`\n\n- last: "
        + r.action()
        + " "
        + r.actualWorkers()
        + " → "
        + r.targetWorkers()
        + " ("
        + r.reason()
        + ")\n- outcome: "
        + outcome
        + "\n- evaluations: "
        + evaluations
        + (dryRun ? "\n- **dry run**" : "");
  }
}
