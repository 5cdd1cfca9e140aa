package io.logwise.activities.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.activities.support.TestTenants;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.spark.SubmitRequest;
import io.logwise.workflows.spark.SubscribeMode;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class SubmissionBodyTest {

  private static TenantConfig tenant(String sparkYaml) {
    return TestTenants.withSpark("acme", "acme-logs", sparkYaml);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> props(Map<String, Object> body) {
    return (Map<String, String>) body.get("sparkProperties");
  }

  @Test
  void carriesWhatTheReferenceSends() {
    TenantConfig t =
        tenant(
            "{masterHost: spark.internal, jarPath: 's3a://acme-logs/jars/job.jar', orchestratorUrl: 'http://logwise:8080'}");
    Map<String, Object> body =
        SubmissionBody.build(t, new SubmitRequest("acme", "k", null, null, null, null));

    assertThat(body)
        .containsEntry("action", "CreateSubmissionRequest")
        .containsEntry("appResource", "s3a://acme-logs/jars/job.jar")
        .containsEntry("mainClass", "com.logwise.spark.MainApplication")
        .containsEntry("clientSparkVersion", "3.1.2");
    assertThat((List<String>) body.get("appArgs"))
        .startsWith(
            "kafka.cluster.dns=127.0.0.1",
            "kafka.maxRatePerPartition=4000",
            "kafka.startingOffsets=latest",
            "kafka.subscribePattern=^logs.*",
            "spark.master.host=http://spark.internal:8080",
            "logCentral.orchestrator.url=http://logwise:8080",
            "s3.bucket=acme-logs")
        .noneMatch(a -> a.startsWith("kafka.startingOffsetsTimestamp"));
    assertThat((Map<String, String>) body.get("environmentVariables"))
        .containsEntry("SPARK_ENV_LOADED", "1")
        .containsEntry("X-Tenant-Name", "acme");
    assertThat(props(body))
        .containsEntry("spark.master", "spark://spark.internal:7077")
        .containsEntry("spark.submit.deployMode", "cluster")
        .containsEntry("spark.app.name", "logwise")
        .containsEntry("spark.cores.max", "50000")
        .containsEntry("spark.driver.cores", "1")
        .containsEntry("spark.driver.memory", "1G")
        .containsEntry("spark.driver.supervise", "false")
        .containsEntry("spark.scheduler.pool", "production")
        .containsEntry("spark.dynamicAllocation.executorIdleTimeout", "15")
        .containsEntry("spark.jars", "s3a://acme-logs/jars/job.jar")
        .containsEntry("spark.driver.extraJavaOptions", SubmissionBody.GC)
        .as("where the batch listener measures each batch's lag at its end")
        .containsEntry("spark.logwise.kafkaBootstrapServers", "127.0.0.1:9092");
  }

  @Test
  void overridesAndStartingTimestampGoIntoTheRequest() {
    TenantConfig t = tenant("{masterHost: m, jarPath: 'file:/job.jar'}");
    Map<String, Object> body =
        SubmissionBody.build(
            t, new SubmitRequest("acme", "k", 1_700_000_000_000L, SubscribeMode.ASSIGN, 4, 8));

    assertThat(props(body))
        .containsEntry("spark.driver.cores", "4")
        .containsEntry("spark.driver.memory", "8G");
    assertThat((List<String>) body.get("appArgs"))
        .contains("kafka.startingOffsetsTimestamp=1700000000000", "kafka.subscribeMode=assign")
        .as("a replay's timestamp is the only starting point sent")
        .noneMatch(a -> a.startsWith("kafka.startingOffsets="))
        .as("no orchestrator URL configured: none sent, not the word null")
        .noneMatch(a -> a.startsWith("logCentral.orchestrator.url"));
  }

  @Test
  void secretsArePassedToSparkButRedactedForLogs() {
    TenantConfig t =
        tenant("{masterHost: m, jarPath: 'file:/job.jar'}"); // moto tenant has static keys
    Map<String, Object> body =
        SubmissionBody.build(t, new SubmitRequest("acme", "k", null, null, null, null));
    assertThat(props(body)).containsEntry("spark.hadoop.fs.s3a.secret.key", "test-secret");

    Map<String, Object> safe = SubmissionBody.redacted(body);
    String printed = safe.toString();
    assertThat(printed).doesNotContain("test-secret");
    assertThat(props(safe))
        .containsEntry("spark.hadoop.fs.s3a.secret.key", "***")
        .containsEntry("spark.driverEnv.AWS_SECRET_ACCESS_KEY", "***")
        .containsEntry("spark.master", "spark://m:7077");
    assertThat((Map<String, String>) safe.get("environmentVariables"))
        .containsEntry("S3A-SECRET-KEY", "***");
  }

  @Test
  void theOperatorsSparkPropertiesComeLastAndTheListenersTokenIsRedacted() {
    TenantConfig t =
        tenant(
            "{masterHost: m, jarPath: 'file:/job.jar', sparkProperties: {"
                + "spark.dynamicAllocation.enabled: 'false', spark.shuffle.service.enabled: 'false',"
                + " spark.logwise.url: 'http://logwise:8080', spark.logwise.token: listener-secret}}");
    Map<String, Object> body =
        SubmissionBody.build(t, new SubmitRequest("acme", "k", null, null, null, null));
    assertThat(props(body))
        .as("the reference's always-on dynamic allocation turned off by the operator")
        .containsEntry("spark.dynamicAllocation.enabled", "false")
        .containsEntry("spark.shuffle.service.enabled", "false")
        .containsEntry("spark.logwise.url", "http://logwise:8080")
        .containsEntry("spark.logwise.token", "listener-secret");
    Map<String, Object> safe = SubmissionBody.redacted(body);
    assertThat(safe.toString()).doesNotContain("listener-secret");
    assertThat(props(safe)).containsEntry("spark.logwise.token", "***");
  }

  @Test
  void aTenantWithoutAJarIsABadConfig() {
    TenantConfig t = tenant("{masterHost: m}");
    assertThatThrownBy(
            () -> SubmissionBody.build(t, new SubmitRequest("acme", "k", null, null, null, null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(LogwiseFailures.BAD_CONFIG);
              assertThat(f.getOriginalMessage()).contains("spark.jarPath");
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void afterACutoverTheDriverReadsTheNewClusterFromTheRecordedOffsets() {
    TenantConfig t =
        tenant("{masterHost: spark.internal, jarPath: 's3a://acme-logs/jars/job.jar'}");
    String offsets = "{\"logs.a\":{\"0\":5,\"1\":-2}}";
    Map<String, Object> body =
        SubmissionBody.build(
            t,
            new SubmitRequest("acme", "k", null, null, null, null, "new-1:9093,new-2:9093", "m1"),
            new SubmissionBody.KafkaStart("new-1:9093,new-2:9093", offsets));
    assertThat((List<String>) body.get("appArgs"))
        .contains(
            "kafka.cluster.dns=new-1",
            "kafka.startingOffsets=" + offsets,
            "kafka.bootstrap.servers=new-1:9093,new-2:9093")
        .noneMatch(a -> a.equals("kafka.startingOffsets=latest"));
  }
}
