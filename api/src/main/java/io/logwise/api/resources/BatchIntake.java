package io.logwise.api.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.config.TenantConfig;
import io.logwise.store.ConsumedOffsetsRow;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import io.logwise.store.ScalingDao;
import io.logwise.workflows.scaling.ScalingLoopInput;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bookkeeping of a batch report the API has validated: the offsets the job read through (for a
 * migration's drain check and the partitions' lag), the batch stored once per id, and the report
 * delivered to {@code scaling-loop/<tenant>} with the input that starts it when it is not running.
 * Stored batches are pruned by the loop ({@code ScalingActivities.pruneBatches}, every hundredth
 * evaluation), not here: nothing here removes anything.
 */
final class BatchIntake {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkflowCommands workflows;
  private final ScalingDao dao;
  private final KafkaDao kafka;
  private final MeterRegistry registry;

  BatchIntake(WorkflowCommands workflows, ScalingDao dao, KafkaDao kafka, MeterRegistry registry) {
    this.workflows = workflows;
    this.dao = dao;
    this.kafka = kafka;
    this.registry = registry;
  }

  /**
   * Takes in one validated report; returns whether it was a duplicate (stored before). Returns only
   * once Temporal has it: a report that cannot be delivered throws, and the reporter retries.
   */
  boolean take(TenantConfig t, BatchBody b) {
    recordOffsets(t, b);
    boolean duplicate = dao.insertBatch(b.row(t.getName())) == 0;
    workflows.reportBatch(t.getName(), startInput(t), b.report());
    Counter.builder("logwise.batches.received")
        .description("Batch reports Temporal has, by tenant; duplicates were seen before")
        .tags("tenant", t.getName(), "outcome", duplicate ? "duplicate" : "accepted")
        .register(registry)
        .increment();
    return duplicate;
  }

  /** The input that starts the tenant's loop when the report finds none running. */
  private static ScalingLoopInput startInput(TenantConfig t) {
    return ScalingLoopInput.of(t.getName(), t.getScaling().toConfig(), t.getScaling().isDryRun());
  }

  /**
   * Keeps what the job has read through, per cluster, for the drain check of a cluster migration
   * and the lag of partition growth: tagged with the cluster the tenant uses now.
   */
  private void recordOffsets(TenantConfig t, BatchBody b) {
    if (b.endOffsets() == null) {
      return;
    }
    String cluster =
        KafkaClusterKey.effective(
            kafka.findCluster(t.getName()), t.getKafka().getBootstrapServers());
    kafka.recordConsumed(
        new ConsumedOffsetsRow(
            t.getName(),
            KafkaClusterKey.of(cluster),
            cluster,
            b.idOrFromTimes(),
            b.completionTime(),
            json(b.endOffsets()),
            b.topicLag() == null ? null : json(b.topicLag()),
            System.currentTimeMillis()));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("validated maps always serialise", e);
    }
  }
}
