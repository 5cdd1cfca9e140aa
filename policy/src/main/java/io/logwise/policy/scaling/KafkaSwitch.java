package io.logwise.policy.scaling;

import java.util.List;

/**
 * A migration's cut-over, as the scaling loop was told of it: the tenant's pipeline reads another
 * Kafka cluster from {@code atMillis} on, and the query runs named in {@code oldRuns} read the old
 * one. A report of the old cluster has offsets that say nothing against the new one's: a rate or a
 * lag taken across the switch would be any number.
 *
 * <p>A report is told apart by its run, not by its time where it names one: its times come from the
 * driver's clock, the switch's from the control plane's, and a driver's clock minutes off would
 * keep an old report in or a new one out. The cut-over clears the streaming state, so the new
 * driver's reports always name a new run.
 *
 * @param atMillis when the switch was recorded (the supervisor's clock)
 * @param oldRuns the query runs of the reports the loop held or had queued when told
 */
public record KafkaSwitch(long atMillis, List<String> oldRuns) {

  public KafkaSwitch {
    oldRuns = oldRuns == null ? List.of() : List.copyOf(oldRuns);
  }

  /**
   * The switch at {@code atMillis}, with the runs of {@code held} (every report the loop held or
   * had queued then: all of them read the old cluster, since the new driver is submitted after).
   */
  public static KafkaSwitch of(long atMillis, List<BatchSample> held) {
    return new KafkaSwitch(
        atMillis, held.stream().map(BatchSample::runId).filter(r -> r != null).distinct().toList());
  }

  /** Old runs kept at most: a few per migration, and only the newest matter. */
  static final int KEPT_RUNS = 50;

  /**
   * This switch, also counting {@code earlier}'s old runs as old (a second signal, a later
   * migration): a run once of an old cluster never reads the current one.
   */
  public KafkaSwitch after(KafkaSwitch earlier) {
    if (earlier == null) {
      return this;
    }
    java.util.LinkedHashSet<String> runs = new java.util.LinkedHashSet<>(earlier.oldRuns());
    runs.addAll(oldRuns);
    List<String> all = List.copyOf(runs);
    return new KafkaSwitch(atMillis, all.subList(Math.max(0, all.size() - KEPT_RUNS), all.size()));
  }

  /**
   * Whether {@code b} read the old cluster: it is of one of the old runs; or, naming no run, it
   * ended by the switch.
   */
  public boolean before(BatchSample b) {
    return b.runId() != null ? oldRuns.contains(b.runId()) : b.completionTime() <= atMillis;
  }
}
