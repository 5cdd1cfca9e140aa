package io.logwise.workflows.spark;

import io.temporal.workflow.SignalMethod;

/**
 * A workflow that reads the tenant's Kafka offsets over time and must know when a migration's
 * cut-over switched its cluster: {@code scaling-loop} extends it, and the supervisor's cut-over
 * signals it through it, typed.
 */
public interface KafkaSwitchReceiver {

  /**
   * The tenant's pipeline reads another Kafka cluster from {@link KafkaSwitched#atMillis()} on. The
   * signal's name, {@code kafkaSwitched}, is in recorded histories: keep it.
   */
  @SignalMethod
  void kafkaSwitched(KafkaSwitched switched);
}
