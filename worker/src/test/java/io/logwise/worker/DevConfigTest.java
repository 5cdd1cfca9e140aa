package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.config.ConfigLoader;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.SparkSettings;
import io.logwise.config.TenantConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code logwise dev --config} and {@code --spark-master}: what configuration dev runs with. */
class DevConfigTest {

  @TempDir Path dir;

  private static String template() throws Exception {
    try (InputStream in = DevStack.class.getResourceAsStream("/logwise-dev.yml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What dev fills in, as {@link DevStack} does. */
  private static Map<String, String> devVariables() {
    Map<String, String> vars = new HashMap<>();
    vars.put("DEV_API_PORT", "18080");
    vars.put("DEV_ADMIN_PORT", "18081");
    vars.put("DEV_DB_URL", "jdbc:mysql://127.0.0.1:3306/logwise");
    vars.put("DEV_DB_USER", "logwise");
    vars.put("DEV_DB_PASSWORD", "logwise");
    vars.put("DEV_TEMPORAL_TARGET", "127.0.0.1:7233");
    vars.put("DEV_AUTH_ENABLED", "true");
    vars.put("DEV_ADMIN_TOKEN", "a".repeat(48));
    vars.put("DEV_SANDBOX_TOKEN", "b".repeat(48));
    vars.put("DEV_BUCKET", "acme-logs");
    vars.put("DEV_SANDBOX_BUCKET", "sandbox-logs");
    vars.put("DEV_S3_ENDPOINT", "http://127.0.0.1:5000");
    vars.put("DEV_S3_ACCESS_KEY", "test");
    vars.put("DEV_S3_SECRET_KEY", "test");
    return vars;
  }

  private LogwiseConfiguration load(String yaml, Map<String, String> vars) throws Exception {
    Path file = dir.resolve("dev.yml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, vars);
  }

  @Test
  void theOperatorsTenantsReplaceDevsAndTheListenerTokenFollowsTheSimulatedOnes() throws Exception {
    Path mine = dir.resolve("mine.yml");
    Files.writeString(
        mine,
        """
        tenants:
          - name: shop
            spark: {masterHost: 10.0.0.5, masterWebPort: 8088, enabled: false}
            kafka: {bootstrapServers: "kafka-1:9092", enablePartitionScaling: false}
            objectStore: {bucket: shop-logs, endpoint: "${DEV_S3_ENDPOINT}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          - name: lab
            spark: {masterHost: 127.0.0.1, enabled: false}
            fleet: {type: simulated, simulated: {trace: ramp, speed: 30}}
            kafka: {bootstrapServers: "127.0.0.1:9092", enablePartitionScaling: false}
            objectStore: {bucket: lab-logs, endpoint: "${DEV_S3_ENDPOINT}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
        """);
    LogwiseConfiguration config = load(DevConfig.withTenantsOf(template(), mine), devVariables());
    assertThat(config.getTenants())
        .extracting(TenantConfig::getName)
        .containsExactly("shop", "lab");
    TenantConfig shop = config.getTenants().get(0);
    assertThat(shop.getSpark().getMasterWebPort()).isEqualTo(8088);
    assertThat(shop.getObjectStore().getEndpoint()).isEqualTo("http://127.0.0.1:5000");
    assertThat(config.getAuth().getTokens())
        .anySatisfy(t -> assertThat(t.getScopes()).containsExactly("admin"))
        .anySatisfy(t -> assertThat(t.getScopes()).containsExactly("listener:lab"));
    assertThat(config.getTemporal().isStickyExecution()).as("dev's own settings stay").isFalse();

    // no simulated tenant: no listener token (its scope would name no tenant)
    Files.writeString(
        mine, Files.readString(mine).substring(0, Files.readString(mine).indexOf("  - name: lab")));
    LogwiseConfiguration one = load(DevConfig.withTenantsOf(template(), mine), devVariables());
    assertThat(one.getAuth().getTokens())
        .singleElement()
        .satisfies(t -> assertThat(t.getScopes()).containsExactly("admin"));
  }

  @Test
  void aFileWithMoreThanTenantsOrNoTenantsIsRefusedSayingWhat() throws Exception {
    Path mine = dir.resolve("mine.yml");
    Files.writeString(mine, "database: {url: x}\nserver: {}\ntenants: []\n");
    assertThatThrownBy(() -> DevConfig.withTenantsOf(template(), mine))
        .isInstanceOf(DevConfig.InvalidDevConfigException.class)
        .hasMessageContaining("may only give tenants:")
        .hasMessageContaining("found database, server");
    Files.writeString(mine, "tenants: []\n");
    assertThatThrownBy(() -> DevConfig.withTenantsOf(template(), mine))
        .hasMessageContaining("non-empty list");
    Files.writeString(mine, "tenants: [\n");
    assertThatThrownBy(() -> DevConfig.withTenantsOf(template(), mine))
        .hasMessageContaining("cannot be read as YAML");
  }

  @Test
  void sparkMasterFlagsPointAcmeAtARealMaster() throws Exception {
    DevCommand dev = new DevCommand();
    new CommandLine(dev)
        .parseArgs(
            "--spark-master",
            "spark://10.1.2.3:7078",
            "--spark-web-port",
            "8090",
            "--spark-rest-port",
            "6067",
            "--spark-jar",
            "file:/opt/logwise/job.jar",
            "--spark-version",
            "4.2.0");
    DevStack.Spark spark = dev.spark();
    Map<String, String> vars = devVariables();
    vars.putAll(spark.variables());
    SparkSettings acme = load(template(), vars).getTenants().get(0).getSpark();
    assertThat(acme.isEnabled()).isTrue();
    assertThat(acme.getMasterHost()).isEqualTo("10.1.2.3");
    assertThat(acme.getMasterPort()).isEqualTo(7078);
    assertThat(acme.getMasterWebPort()).isEqualTo(8090);
    assertThat(acme.getRestPort()).isEqualTo(6067);
    assertThat(acme.getJarPath()).isEqualTo("file:/opt/logwise/job.jar");
    assertThat(acme.getClientSparkVersion()).isEqualTo("4.2.0");
    assertThat(acme.getMainClass()).isEqualTo("com.logwise.spark.MainApplication");

    SparkSettings off = load(template(), devVariables()).getTenants().get(0).getSpark();
    assertThat(off.isEnabled()).as("without the flags, as before").isFalse();
    assertThat(off.getJarPath()).isNull();
  }

  @Test
  void sparkFlagsThatCannotWorkAreRefused() {
    assertThat(refusal("--spark-master", "spark://m:7077")).contains("needs --spark-jar");
    assertThat(refusal("--spark-master", "http://m:8080", "--spark-jar", "x.jar"))
        .contains("is not spark://HOST:PORT");
    assertThat(refusal("--spark-jar", "x.jar")).contains("need --spark-master");
    assertThat(
            refusal(
                "--spark-master", "spark://m:7077", "--spark-jar", "x.jar", "--config", "t.yml"))
        .contains("with --config");
    assertThat(
            refusal("--spark-master", "spark://m", "--spark-jar", "x.jar", "--spark-web-port", "0"))
        .contains("not in 1-65535");
  }

  private static String refusal(String... args) {
    DevCommand dev = new DevCommand();
    new CommandLine(dev).parseArgs(args);
    try {
      dev.spark();
      throw new AssertionError("accepted: " + String.join(" ", args));
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
