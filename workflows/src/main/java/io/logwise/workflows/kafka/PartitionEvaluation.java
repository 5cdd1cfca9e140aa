package io.logwise.workflows.kafka;

import java.util.List;

/**
 * One evaluation of every topic.
 *
 * @param decisions one per topic (all of them, routine ones included)
 * @param increased topics grown by this evaluation
 * @param error why the topics could not be observed, or null
 */
public record PartitionEvaluation(
    String tenant,
    String trigger,
    long evaluatedAtMillis,
    String bootstrapServers,
    List<PartitionDecisionRecord> decisions,
    int increased,
    String error) {

  public PartitionEvaluation {
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }
}
