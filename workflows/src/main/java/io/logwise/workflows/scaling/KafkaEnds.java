package io.logwise.workflows.scaling;

/**
 * Σ of the latest offsets of a tenant's topics, read between batch reports (adaptive revision 10).
 *
 * @param latestOffsetSum Σ of the latest offset (high watermark) of every partition of the topics
 *     the tenant's {@code kafka.topicPattern} matches, on its current cluster
 * @param topics how many topics that summed
 * @param switchedAtMillis when a migration's cut-over switched the tenant to that cluster; null
 *     while it runs on its configured one. A report that ended before it read another cluster,
 *     whose offsets cannot be compared with these
 */
public record KafkaEnds(long latestOffsetSum, int topics, Long switchedAtMillis) {

  /** On the configured cluster, never switched. */
  public KafkaEnds(long latestOffsetSum, int topics) {
    this(latestOffsetSum, topics, null);
  }
}
