package io.logwise.workflows;

import io.temporal.common.SearchAttributeKey;

/** Workflow ids are business keys: one per duty per tenant. */
public final class WorkflowIds {

  /** Search attribute set on every tenant workflow, for the UI's list filter. */
  public static final SearchAttributeKey<String> TENANT =
      SearchAttributeKey.forKeyword("LogwiseTenant");

  private WorkflowIds() {}

  public static String scalingLoop(String tenant) {
    return "scaling-loop/" + tenant;
  }

  public static String sparkSupervisor(String tenant) {
    return "spark-supervisor/" + tenant;
  }

  public static String retentionSync(String tenant) {
    return "retention-sync/" + tenant;
  }

  public static String vectorScaler(String tenant) {
    return "vector-scaler/" + tenant;
  }

  public static String plannedEvents(String tenant) {
    return "planned-events/" + tenant;
  }

  public static String kafkaPartitions(String tenant) {
    return "kafka-partitions/" + tenant;
  }

  /** The workflows a worker keeps running for a tenant, given which duties are turned on. */
  public static java.util.List<String> longRunning(
      String tenant, boolean spark, boolean partitionGrowth, boolean vector) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    if (spark) {
      ids.add(sparkSupervisor(tenant));
    }
    ids.add(scalingLoop(tenant));
    ids.add(retentionSync(tenant));
    ids.add(plannedEvents(tenant));
    if (partitionGrowth) {
      ids.add(kafkaPartitions(tenant));
    }
    if (vector) {
      ids.add(vectorScaler(tenant));
    }
    return ids;
  }

  /** The first part of a migration's id; the rest is {@code /<tenant>/<migrationId>}. */
  public static final String KAFKA_MIGRATION_PREFIX = "kafka-migration";

  public static String kafkaMigration(String tenant, String migrationId) {
    return KAFKA_MIGRATION_PREFIX + "/" + tenant + "/" + migrationId;
  }

  /**
   * A visibility query for every workflow of {@code tenant}: those carrying its {@link #TENANT}
   * search attribute, and its migrations by id (they may be started without the attribute, e.g. by
   * {@code temporal workflow start}).
   */
  public static String tenantQuery(String tenant) {
    String quoted = tenant.replace("\\", "\\\\").replace("\"", "\\\"");
    return TENANT.getName()
        + "=\""
        + quoted
        + "\" OR WorkflowId STARTS_WITH \""
        + KAFKA_MIGRATION_PREFIX
        + "/"
        + quoted
        + "/\"";
  }
}
