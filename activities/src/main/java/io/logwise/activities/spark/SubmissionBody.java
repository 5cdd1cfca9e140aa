package io.logwise.activities.spark;

import io.logwise.config.ObjectStoreSettings;
import io.logwise.config.SparkSettings;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.spark.SubmitRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the {@code CreateSubmissionRequest} the reference sends (§3.4): the same appArgs in {@code
 * key=value} form, environment and sparkProperties, from the tenant's configuration. It holds
 * secrets; log only {@link #redacted}.
 */
public final class SubmissionBody {

  static final String GC = "-XX:+UnlockExperimentalVMOptions -XX:+UseG1GC";
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(secret|access[._-]?key|token|password).*");

  private SubmissionBody() {}

  /**
   * Where the driver reads Kafka: the cluster, and the per-partition {@code startingOffsets} JSON
   * of a migration (or null for the configured {@code startingOffsets}).
   */
  public record KafkaStart(String bootstrapServers, String startingOffsetsJson) {}

  /** The body with the tenant's configured cluster and starting offsets. */
  public static Map<String, Object> build(TenantConfig tenant, SubmitRequest request) {
    return build(tenant, request, new KafkaStart(tenant.getKafka().getBootstrapServers(), null));
  }

  public static Map<String, Object> build(
      TenantConfig tenant, SubmitRequest request, KafkaStart kafka) {
    SparkSettings spark = tenant.getSpark();
    if (spark.getJarPath() == null || spark.getJarPath().isBlank()) {
      throw LogwiseFailures.badConfig("tenants[" + tenant.getName() + "].spark.jarPath is not set");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", "CreateSubmissionRequest");
    body.put("appResource", spark.getJarPath());
    body.put("clientSparkVersion", spark.getClientSparkVersion());
    body.put("mainClass", spark.getMainClass());
    body.put("appArgs", appArgs(tenant, request, kafka));
    body.put("environmentVariables", environment(tenant));
    Map<String, String> properties = properties(tenant, request);
    // the batch listener asks this cluster for each batch's lag at its end (docs/scaling.md); the
    // operator's own value, if any, wins
    properties.putIfAbsent("spark.logwise.kafkaBootstrapServers", kafka.bootstrapServers());
    body.put("sparkProperties", properties);
    return body;
  }

  private static List<String> appArgs(
      TenantConfig tenant, SubmitRequest request, KafkaStart kafka) {
    SparkSettings spark = tenant.getSpark();
    String bootstrap = kafka.bootstrapServers();
    List<String> args = new ArrayList<>();
    args.add("kafka.cluster.dns=" + bootstrap.split(",")[0].split(":")[0]);
    args.add("kafka.maxRatePerPartition=" + spark.getKafkaMaxRatePerPartition());
    // one starting point, never two that disagree: a migration's per-partition offsets, or a
    // replay's timestamp (below), or the configured startingOffsets
    if (kafka.startingOffsetsJson() != null) {
      args.add("kafka.startingOffsets=" + kafka.startingOffsetsJson());
    } else if (request.startingOffsetsTimestamp() == null) {
      args.add("kafka.startingOffsets=" + spark.getStartingOffsets());
    }
    // the job quotes every value itself; quotes sent here became part of the pattern
    args.add("kafka.subscribePattern=" + spark.getSubscribePattern());
    args.add("spark.master.host=http://" + spark.getMasterHost() + ":" + spark.getMasterWebPort());
    if (spark.getOrchestratorUrl() != null && !spark.getOrchestratorUrl().isBlank()) {
      // unset: the job keeps its own default (the reference sent the literal string "null")
      args.add("logCentral.orchestrator.url=" + spark.getOrchestratorUrl());
    }
    args.add("s3.bucket=" + tenant.getObjectStore().getBucket());
    args.add("kafka.bootstrap.servers=" + bootstrap);
    if (request.startingOffsetsTimestamp() != null) {
      args.add("kafka.startingOffsetsTimestamp=" + request.startingOffsetsTimestamp());
      args.add(
          "kafka.subscribeMode="
              + (request.subscribeMode() == null ? "pattern" : request.subscribeMode().wire()));
    }
    return args;
  }

  private static Map<String, String> environment(TenantConfig tenant) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_ENV_LOADED", "1");
    env.put("X-Tenant-Name", tenant.getName());
    ObjectStoreSettings store = tenant.getObjectStore();
    if (store.hasStaticCredentials()) {
      env.put("S3A-ACCESS-KEY", store.getAccessKeyId());
      env.put("S3A-SECRET-KEY", store.getSecretAccessKey());
    }
    return env;
  }

  private static Map<String, String> properties(TenantConfig tenant, SubmitRequest request) {
    SparkSettings spark = tenant.getSpark();
    ObjectStoreSettings store = tenant.getObjectStore();
    String javaOptions =
        GC
            + (spark.getLog4jPropertiesPath() == null
                ? ""
                : " -Dlog4j.configuration=" + spark.getLog4jPropertiesPath());
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spark.app.name", spark.getAppName());
    p.put("spark.cores.max", String.valueOf(spark.getCoresMax()));
    p.put(
        "spark.driver.cores",
        String.valueOf(
            request.driverCores() != null ? request.driverCores() : spark.getDriverCores()));
    p.put(
        "spark.driver.memory",
        request.driverMemoryGb() != null
            ? request.driverMemoryGb() + "G"
            : spark.getDriverMemory());
    p.put("spark.driver.extraJavaOptions", javaOptions);
    p.put("spark.executor.extraJavaOptions", javaOptions);
    p.put("spark.driver.maxResultSize", spark.getDriverMaxResultSize());
    p.put("spark.driver.supervise", String.valueOf(spark.isDriverSupervise()));
    p.put("spark.driver.bindAddress", "0.0.0.0");
    p.put("spark.executor.cores", String.valueOf(spark.getExecutorCores()));
    p.put("spark.executor.memory", spark.getExecutorMemory());
    p.put("spark.jars", spark.getJarPath());
    p.put("spark.master", "spark://" + spark.getMasterHost() + ":" + spark.getMasterPort());
    p.put("spark.submit.deployMode", "cluster");
    p.put("spark.scheduler.mode", "FAIR");
    p.put("spark.scheduler.pool", "production");
    p.put("spark.dynamicAllocation.enabled", "true");
    p.put("spark.shuffle.service.enabled", "true");
    p.put("spark.dynamicAllocation.executorIdleTimeout", "15");
    String region = store.getRegion();
    p.put("spark.driverEnv.AWS_REGION", region);
    p.put("spark.executorEnv.AWS_REGION", region);
    p.put("spark.hadoop.fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    p.put("spark.hadoop.fs.s3a.path.style.access", String.valueOf(store.isPathStyleAccess()));
    p.put("spark.hadoop.fs.s3a.endpoint", s3aEndpoint(store));
    if (store.hasStaticCredentials()) {
      for (String side : List.of("spark.driverEnv.", "spark.executorEnv.")) {
        p.put(side + "AWS_ACCESS_KEY_ID", store.getAccessKeyId());
        p.put(side + "AWS_SECRET_ACCESS_KEY", store.getSecretAccessKey());
      }
      p.put(
          "spark.hadoop.fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      p.put("spark.hadoop.fs.s3a.access.key", store.getAccessKeyId());
      p.put("spark.hadoop.fs.s3a.secret.key", store.getSecretAccessKey());
    }
    // the operator's own, last: they may turn off what the reference always set
    p.putAll(spark.getSparkProperties());
    return p;
  }

  /**
   * The configured endpoint when there is one; else the regional S3 endpoint (the reference used
   * the legacy {@code s3-<region>} form).
   */
  static String s3aEndpoint(ObjectStoreSettings store) {
    if (store.getEndpoint() != null && !store.getEndpoint().isBlank()) {
      return store.getEndpoint();
    }
    return "us-east-1".equals(store.getRegion())
        ? "s3.amazonaws.com"
        : "s3." + store.getRegion() + ".amazonaws.com";
  }

  /** A copy safe to log: values of secret-looking keys replaced by {@code ***}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> redacted(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>();
    body.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> m) {
            copy.put(k, redacted((Map<String, Object>) m));
          } else {
            copy.put(k, SECRET.matcher(k).matches() ? "***" : v);
          }
        });
    return copy;
  }
}
