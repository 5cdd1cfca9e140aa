package io.logwise.workflows.kafka;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code kafka-migration/<tenant>/<migrationId>}, type {@code KafkaClusterMigration}: moves a
 * tenant's live pipeline to a new Kafka cluster without losing or repeating a record.
 *
 * <ol>
 *   <li><b>Preflight</b>: new cluster reachable, topics there, its end offsets recorded before any
 *       producer points at it.
 *   <li><b>Switch Vector</b> (rolling) and see records arrive on the new cluster.
 *   <li><b>Drain</b> the old cluster: quiet, and read to the end by the Spark job.
 *   <li><b>Cut over</b> (after {@code approve} unless {@code requireApproval} is false): through
 *       {@code spark-supervisor/<tenant>}, stop the driver, back up and clear its state, and start
 *       it on the new cluster from the recorded offsets; then verify it recovers.
 * </ol>
 *
 * A wait that runs out (no arrival, no drain) stops and waits for {@code proceed} or {@code
 * rollback}: it never guesses. Cancel, failure or {@code rollback} before the cut-over points
 * Vector back at the old brokers; after it there is no rollback, only a new migration. One
 * migration per tenant at a time; a bad input fails the start with every problem listed.
 */
@WorkflowInterface
public interface KafkaClusterMigrationWorkflow {

  @WorkflowMethod(name = "KafkaClusterMigration")
  MigrationProgress run(MigrationInput input);

  /**
   * The outcome of the migration's claim of its tenant's slot, once its first step has made it:
   * sent with the start ({@link MigrationStart#begin}) by whoever must tell its caller whether the
   * migration runs. Writes nothing but its own two events.
   */
  @UpdateMethod
  MigrationStart claimed();

  /** Lets the cut-over (step 4) start. */
  @UpdateMethod
  MigrationProgress approve(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(OperatorDecision decision);

  /**
   * Goes on after a wait ran out (no arrival seen, or not drained): the operator vouches for it.
   */
  @UpdateMethod
  MigrationProgress proceed(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = "proceed")
  void validateProceed(OperatorDecision decision);

  /** Points Vector back at the old brokers and ends the migration (before the cut-over only). */
  @UpdateMethod
  MigrationProgress rollback(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = "rollback")
  void validateRollback(OperatorDecision decision);

  @QueryMethod
  MigrationProgress progress();
}
