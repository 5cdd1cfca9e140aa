package io.logwise.workflows;

import java.util.Locale;

/**
 * What a worker does, each on its own task queue ({@code <taskQueue>-<duty>}, e.g. {@code
 * logwise-scale}), so an operator can run the latency-sensitive scaling loop on its own worker pool
 * and scale each pool by replicas. A workflow's activities run on its duty's queue.
 */
public enum Duty {
  /** {@code spark-supervisor/<tenant>}. */
  SUPERVISE,
  /** {@code scaling-loop/<tenant>} and {@code planned-events/<tenant>}. */
  SCALE,
  /** {@code retention-sync/<tenant>}. */
  RETENTION,
  /** {@code kafka-partitions/<tenant>} and {@code kafka-migration/<tenant>/<id>}. */
  KAFKA,
  /** {@code vector-scaler/<tenant>}. */
  VECTOR;

  /** The name in configuration and queue names: {@code scale}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This duty's task queue under the configured base name. */
  public String queue(String baseQueue) {
    return baseQueue + "-" + label();
  }

  /** The duty named {@code label} ({@code scale}), or an exception naming the ones there are. */
  public static Duty named(String label) {
    for (Duty d : values()) {
      if (d.label().equals(label)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown duty '" + label + "'; duties are: supervise, scale, retention, kafka, vector");
  }

  /** Whose duty the workflow with this id is. */
  public static Duty ofWorkflow(String workflowId) {
    String prefix = workflowId.substring(0, Math.max(0, workflowId.indexOf('/')));
    return switch (prefix) {
      case "spark-supervisor" -> SUPERVISE;
      case "scaling-loop", "planned-events" -> SCALE;
      case "retention-sync" -> RETENTION;
      case "kafka-partitions", WorkflowIds.KAFKA_MIGRATION_PREFIX -> KAFKA;
      case "vector-scaler" -> VECTOR;
      default -> throw new IllegalArgumentException("no duty runs " + workflowId);
    };
  }
}
