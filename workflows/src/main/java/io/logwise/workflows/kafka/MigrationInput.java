package io.logwise.workflows.kafka;

import io.logwise.workflows.WorkflowIds;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Input of {@link KafkaClusterMigrationWorkflow}: one JSON object, so {@code temporal workflow
 * start --type KafkaClusterMigration --workflow-id kafka-migration/acme/m1 --input '{…}'}, the API
 * and {@code logwise migrate-kafka} all start it the same way. Every field but {@code
 * newBootstrapServers} and {@code vector} has a default; {@code tenant} and {@code migrationId}
 * default to the parts of the workflow id.
 *
 * @param newBootstrapServers the new cluster, {@code host:port[,host:port…]}
 * @param vector how Vector is pointed at the new brokers
 * @param quietPeriodSeconds the old cluster must receive nothing for this long before it counts as
 *     drained (120)
 * @param drainTimeoutSeconds give up waiting for the drain after this long and ask the operator
 *     (1800)
 * @param arrivalTimeoutSeconds how long to wait for the first records on the new cluster after the
 *     Vector switch before asking the operator (600)
 * @param recoveryTimeoutSeconds after the cut-over, how long the job may take to read the new
 *     cluster and bring freshness under the bound (900)
 * @param freshnessBoundMinutes the freshness (minutes behind) that counts as recovered (10; 0 = do
 *     not check S3 freshness, only that the job reads the new cluster)
 * @param requireApproval step 4 waits for an {@code approve} (true)
 * @param dryRun check everything and report the plan, change nothing (false)
 */
public record MigrationInput(
    String tenant,
    String migrationId,
    String newBootstrapServers,
    VectorTarget vector,
    Long quietPeriodSeconds,
    Long drainTimeoutSeconds,
    Long arrivalTimeoutSeconds,
    Long recoveryTimeoutSeconds,
    Integer freshnessBoundMinutes,
    Boolean requireApproval,
    Boolean dryRun,
    String requestedBy) {

  public static final Pattern MIGRATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern TENANT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}))?:(\\d{1,5})");

  /** This input with tenant and migration id taken from the workflow id where they are absent. */
  public MigrationInput withIdsFrom(String workflowId) {
    String[] parts = workflowId == null ? new String[0] : workflowId.split("/", 3);
    boolean shaped = parts.length == 3 && parts[0].equals(WorkflowIds.KAFKA_MIGRATION_PREFIX);
    return new MigrationInput(
        tenant != null ? tenant : shaped ? parts[1] : null,
        migrationId != null ? migrationId : shaped ? parts[2] : null,
        newBootstrapServers,
        vector,
        quietPeriodSeconds,
        drainTimeoutSeconds,
        arrivalTimeoutSeconds,
        recoveryTimeoutSeconds,
        freshnessBoundMinutes,
        requireApproval,
        dryRun,
        requestedBy);
  }

  /** Every problem with this input, each naming its field; empty when it can run. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      p.add("tenant is required: lower-case letters, digits and dashes (1-63 characters)");
    }
    if (migrationId == null || !MIGRATION_ID.matcher(migrationId).matches()) {
      p.add("migrationId is required: letters, digits, '.', '_' and '-' (1-64 characters)");
    }
    bootstrapProblems(newBootstrapServers, p);
    if (vector == null) {
      p.add(
          "vector is required: {\"kubernetes\":{namespace, configMap, key, deployment}} or"
              + " {\"asg\":{name, ssmParameter, region?}}");
    } else {
      vector.collectProblems("vector", p);
    }
    range(p, "quietPeriodSeconds", quietPeriodSeconds, 5, 3_600);
    range(p, "drainTimeoutSeconds", drainTimeoutSeconds, 30, 86_400);
    range(p, "arrivalTimeoutSeconds", arrivalTimeoutSeconds, 5, 3_600);
    range(p, "recoveryTimeoutSeconds", recoveryTimeoutSeconds, 30, 7_200);
    if (freshnessBoundMinutes != null
        && (freshnessBoundMinutes < 0 || freshnessBoundMinutes > 1_440)) {
      p.add("freshnessBoundMinutes must be between 0 and 1440");
    }
    if (quietPeriodSeconds != null
        && drainTimeoutSeconds != null
        && drainTimeoutSeconds <= quietPeriodSeconds) {
      p.add("drainTimeoutSeconds must be longer than quietPeriodSeconds");
    }
    if (requestedBy != null && requestedBy.length() > 64) {
      p.add("requestedBy must be at most 64 characters");
    }
    return p;
  }

  /** Problems with a bootstrap list, appended to {@code problems}. */
  public static void bootstrapProblems(String bootstrap, List<String> problems) {
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add("newBootstrapServers is required: host:port[,host:port…]");
      return;
    }
    if (bootstrap.length() > 2000) {
      problems.add("newBootstrapServers must be at most 2000 characters");
      return;
    }
    for (String server : bootstrap.split(",", -1)) {
      var m = HOST_PORT.matcher(server.trim());
      if (!m.matches() || m.group(1) == null) {
        problems.add("newBootstrapServers: '" + server.trim() + "' is not host:port");
      } else if (Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65_535) {
        problems.add("newBootstrapServers: port of '" + server.trim() + "' is out of range");
      }
    }
  }

  private static void range(List<String> p, String field, Long value, long min, long max) {
    if (value != null && (value < min || value > max)) {
      p.add(field + " must be between " + min + " and " + max);
    }
  }

  public long quietPeriodSecondsOrDefault() {
    return quietPeriodSeconds == null ? 120 : quietPeriodSeconds;
  }

  public long drainTimeoutSecondsOrDefault() {
    return drainTimeoutSeconds == null ? 1800 : drainTimeoutSeconds;
  }

  public long arrivalTimeoutSecondsOrDefault() {
    return arrivalTimeoutSeconds == null ? 600 : arrivalTimeoutSeconds;
  }

  public long recoveryTimeoutSecondsOrDefault() {
    return recoveryTimeoutSeconds == null ? 900 : recoveryTimeoutSeconds;
  }

  public int freshnessBoundMinutesOrDefault() {
    return freshnessBoundMinutes == null ? 10 : freshnessBoundMinutes;
  }

  public boolean requireApprovalOrDefault() {
    return requireApproval == null || requireApproval;
  }

  public boolean dryRunOrDefault() {
    return Boolean.TRUE.equals(dryRun);
  }
}
