package io.logwise.workflows.kafka;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code kafka-partitions/<tenant>}: every {@code intervalSeconds} observes the tenant's log topics
 * on the cluster its pipeline uses now, decides per topic with {@code PartitionPolicy} (produce
 * rate from end-offset growth since the durable baseline, and the Spark job's lag from its batch
 * reports), grows topics that need it (increase only, one increase per topic per cooldown, capped),
 * and records every decision that asks for more partitions. Dry run decides and records only.
 * Continues as new past {@code maxHistoryEvents}, carrying each topic's baseline.
 *
 * <p>Its own loop, not part of {@code scaling-loop}: it runs on a timer (the reference's cron
 * cadence) rather than per batch, talks to a different system (Kafka's admin API), and a Kafka
 * outage must not delay a Spark worker decision (or the other way round); it also lets the {@code
 * kafka} duty run on its own workers.
 */
@WorkflowInterface
public interface KafkaPartitionsWorkflow extends io.logwise.workflows.planned.PlannedFloorReceiver {

  @WorkflowMethod
  void run(KafkaPartitionsInput input);

  /** Evaluates every topic now, acts as the timer would, and answers the evaluation. */
  @UpdateMethod
  PartitionEvaluation evaluateNow(EvaluateRequest request);

  /** Refuses with {@code LogwiseFailures.HISTORY_FULL} while a full run hands over. */
  @UpdateValidatorMethod(updateName = "evaluateNow")
  void validateEvaluateNow(EvaluateRequest request);

  /** New knobs from configuration (sent on every worker start); used from the next evaluation. */
  @SignalMethod
  void configure(KafkaPartitionsSettings settings);

  @QueryMethod
  KafkaPartitionsState state();
}
