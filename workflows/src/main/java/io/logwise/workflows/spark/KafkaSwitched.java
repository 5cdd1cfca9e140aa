package io.logwise.workflows.spark;

/**
 * A migration's cut-over switched the tenant's Kafka cluster: the old driver had stopped before
 * {@code atMillis}, and the new one is submitted after it. No brokers in it (the signal is shown in
 * the UI; the database has them).
 *
 * @param migrationId the migration whose cut-over it was
 * @param atMillis when the switch was recorded, by the supervisor's clock
 */
public record KafkaSwitched(String migrationId, long atMillis) {}
