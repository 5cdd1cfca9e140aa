package io.logwise.workflows.kafka;

import java.util.List;

/**
 * The tenant's log topics on the cluster its pipeline uses now.
 *
 * @param bootstrapServers the cluster that was asked (the configured one, or a migration's)
 * @param lagReportedAtMillis when the batch that gave the lag figures arrived, or null
 */
public record TopicsObserved(
    String bootstrapServers,
    long observedAtMillis,
    List<TopicObservation> topics,
    Long lagReportedAtMillis) {

  public TopicsObserved {
    topics = topics == null ? List.of() : List.copyOf(topics);
  }
}
