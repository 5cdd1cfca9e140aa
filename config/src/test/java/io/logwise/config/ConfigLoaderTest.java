package io.logwise.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final Path EXAMPLE = Path.of("..", "config", "logwise.example.yml");
  private static final Map<String, String> SECRETS =
      Map.of("LOGWISE_ADMIN_TOKEN", "0123456789abcdef-admin", "LOGWISE_DB_PASSWORD", "pw");

  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("logwise.yml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theExampleFileLoadsWithTheReferenceDefaults() throws Exception {
    LogwiseConfiguration config = ConfigLoader.load(EXAMPLE, Map.of(), SECRETS);

    assertThat(config.getTenants()).extracting(TenantConfig::getName).containsExactly("acme");
    TenantConfig acme = config.getTenants().get(0);
    assertThat(acme.getSpark().getPollInterval().toSeconds()).isEqualTo(15);
    assertThat(acme.getScaling().getPerCoreRecordsPerBatch()).isEqualTo(500_000);
    assertThat(acme.getRetention().getEnvironmentDays()).containsEntry("prod", 30);
    assertThat(acme.getRetention().getSyncInterval().toMinutes()).isEqualTo(15);
    assertThat(acme.getFleet().getType()).isEqualTo(FleetSettings.Type.NONE);
    assertThat(config.getTemporal().getTarget()).isEqualTo("127.0.0.1:7233");
    assertThat(config.getAuth().getTokens().get(0).getToken()).isEqualTo("0123456789abcdef-admin");
  }

  @Test
  void environmentVariablesOverrideDefaults() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(SECRETS);
    env.put("LOGWISE_TEMPORAL_TARGET", "temporal.internal:7233");
    env.put("ACME_FLEET_TYPE", "k8s");

    LogwiseConfiguration config = ConfigLoader.load(EXAMPLE, Map.of(), env);

    assertThat(config.getTemporal().getTarget()).isEqualTo("temporal.internal:7233");
    assertThat(config.getTenants().get(0).getFleet().getType())
        .isEqualTo(FleetSettings.Type.KUBERNETES);
  }

  @Test
  void anUnsetVariableWithoutADefaultIsAnErrorNotALiteral() {
    assertThatThrownBy(() -> ConfigLoader.load(EXAMPLE, Map.of(), Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining("environment variable LOGWISE_ADMIN_TOKEN is not set")
        .hasMessageContaining("environment variable LOGWISE_DB_PASSWORD is not set");
  }

  @Test
  void aSecondTenantIsJustAnotherEntry() throws Exception {
    String yaml =
        Files.readString(EXAMPLE)
            .replace(
                "  # A second tenant is just another entry:",
                "  - name: globex\n"
                    + "    spark: {masterHost: spark.globex.internal}\n"
                    + "    kafka: {bootstrapServers: 'kafka.globex.internal:9092'}\n"
                    + "    objectStore: {bucket: globex-logs}\n");

    LogwiseConfiguration config = ConfigLoader.load(write(yaml), Map.of(), SECRETS);

    assertThat(config.getTenants())
        .extracting(TenantConfig::getName)
        .containsExactly("acme", "globex");
    assertThat(config.getTenants().get(1).getRetention().getDefaultDays()).isEqualTo(3);
  }

  @Test
  void everyProblemIsListedWithItsPath() throws Exception {
    String yaml =
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: 'jdbc:mysql://x/y', user: u}
        auth:
          tokens:
            - name: short
              token: tooshort
              scopes: [admin, "tenant:nobody", "root"]
        tenants:
          - name: acme
            spark: {masterHost: ""}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b, logsPrefix: "/logs/"}
            fleet: {type: asg}
            scaling: {minWorkers: 20, maxWorkers: 10, maxDownscaleFraction: 1.5}
            retention: {defaultDays: 0, environmentDays: {prod: 5000}}
            plannedEvents: {leadTime: 20m, vectorLogsPerSecondPerInstance: 0, sparkBatchInterval: 0s}
          - name: Bad_Name
            spark: {masterHost: h}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            vector: {scaling: {enabled: true, exporters: ["ftp://vector-1/metrics"]}}
          - name: acme
            spark: {masterHost: h}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            vector: {scaling: {enabled: true}}
        """;

    assertThatThrownBy(() -> ConfigLoader.load(write(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining("tenants[0].spark.masterHost must not be blank")
        .hasMessageContaining("tenants[0].objectStore.logsPrefix must be a key prefix")
        .hasMessageContaining("asg.name must be set when type is asg")
        .hasMessageContaining(
            "tenants[0].scaling is not usable: minWorkers (20) must not exceed maxWorkers (10)")
        .hasMessageContaining("maxDownscaleFraction (1.5) must be in [0, 1]")
        .hasMessageContaining("tenants[0].retention.defaultDays must be greater than or equal to 1")
        .hasMessageContaining("tenants[0].retention.environmentDays")
        .hasMessageContaining("plannedEvents.leadTime must be between 30 and 60 minutes")
        .hasMessageContaining(
            "tenants[0].plannedEvents.vectorLogsPerSecondPerInstance must be greater than or equal"
                + " to 1")
        .hasMessageContaining("plannedEvents.sparkBatchInterval must be at least 1 second")
        .hasMessageContaining("vector.scaling.exporters must be http(s) URLs")
        .hasMessageContaining(
            "vector.scaling needs prometheusUrl or exporters when enabled (one, not both)")
        .hasMessageContaining("tenants[1].name must be lower-case letters")
        .hasMessageContaining("tenant names must be unique")
        .hasMessageContaining("auth.tokens[0].token must be at least 16 characters")
        .hasMessageContaining("must be admin, tenant:<name> or listener:<name>")
        .hasMessageContaining("token scopes must name configured tenants");
  }

  @Test
  void aScalingConfigThePolicyCannotRunStopsStartUp() throws Exception {
    // historySize 1 used to pass here and then fail in the worker's loop and every batch POST
    String yaml =
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: 'jdbc:mysql://x/y', user: u}
        auth: {enabled: false}
        tenants:
          - name: acme
            spark: {masterHost: h}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            scaling: {historySize: 1}
          - name: globex
            spark: {masterHost: h}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            scaling: {policy: clever}
          - name: initech
            spark: {masterHost: h}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            scaling:
              policy: adaptive
              adaptive: {targetUtilization: 1.5, batchOverhead: 2m, triggerInterval: 1m}
        """;

    assertThatThrownBy(() -> ConfigLoader.load(write(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining(
            "tenants[0].scaling is not usable: historySize (1) must be at least 2")
        .hasMessageContaining("tenants[1].scaling is not usable: unknown scaling policy 'clever'")
        .hasMessageContaining("tenants[2].scaling is not usable: adaptive: targetUtilization (1.5)")
        .hasMessageContaining("batch overhead (120.0 s) must be shorter than the trigger interval");
  }

  /**
   * The adaptive loop reads the cores the master grants a tenant by its application's name: two
   * tenants' drivers of one name on one master would add up, and the loop's check would be off
   * without a word. Start-up says so; a name of its own, another master, a simulated fleet or the
   * other tenant's supervisor off each clear it.
   */
  @Test
  void tenantsOnOneMasterNeedTheirOwnAppNameWhenOneScalesAdaptively() throws Exception {
    String two =
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: 'jdbc:mysql://x/y', user: u}
        auth: {enabled: false}
        tenants:
          - name: acme
            spark: {masterHost: spark-1.internal}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            scaling: {policy: adaptive}%s
          - name: globex
            spark: {masterHost: SPARK-1.internal%s}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
        """;

    assertThatThrownBy(() -> ConfigLoader.load(write(two.formatted("", "")), Map.of(), Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining(
            "tenants on one Spark master (masterHost and masterWebPort) need their own"
                + " spark.appName when one of them scales adaptively");
    String aliases =
        two.replace("spark-1.internal", "localhost").replace("SPARK-1.internal", "127.0.0.1");
    assertThatThrownBy(
            () -> ConfigLoader.load(write(aliases.formatted("", "")), Map.of(), Map.of()))
        .as("two names of the loopback are one master")
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining("need their own spark.appName");
    for (String[] clear :
        new String[][] {
          {"", ", appName: logwise-globex"},
          {"", ", masterWebPort: 8081"},
          {"\n    fleet: {type: simulated, simulated: {trace: ramp, speed: 30}}", ""},
          {"", ", enabled: false"},
        }) {
      String yaml = two.formatted(clear[0], clear[1]);
      assertThat(ConfigLoader.load(write(yaml), Map.of(), Map.of()).getTenants())
          .as(yaml)
          .hasSize(2);
    }
  }

  @Test
  void sparkPropertiesMayNotTakeWhatTheSupervisorSets() throws Exception {
    String yaml =
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: 'jdbc:mysql://x/y', user: u}
        auth: {enabled: false}
        tenants:
          - name: acme
            spark: {masterHost: h, sparkProperties: {spark.master: 'spark://elsewhere:7077'}}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
          - name: globex
            spark: {masterHost: h, sparkProperties: {dynamicAllocation.enabled: 'false'}}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
          - name: initech
            spark: {masterHost: h, sparkProperties: {spark.dynamicAllocation.enabled: 'false'}}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
        """;

    assertThatThrownBy(() -> ConfigLoader.load(write(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining(
            "tenants[0].spark.sparkProperties 'spark.master' is set by the supervisor: use"
                + " masterHost/masterPort")
        .hasMessageContaining(
            "tenants[1].spark.sparkProperties 'dynamicAllocation.enabled' is not a Spark property")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tenants[2]"));
  }

  /** A config of one tenant, acme, with {@code scaling} (a YAML flow map) as its scaling. */
  private static String acmeScaling(String scaling) {
    return """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: 'jdbc:mysql://x/y', user: u}
        auth: {enabled: false}
        tenants:
          - name: acme
            spark: {masterHost: h}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            scaling: %s
        """
        .formatted(scaling);
  }

  @Test
  void theAdaptivePolicyIsChosenByConfigWithDocumentedDefaults() throws Exception {
    String yaml = acmeScaling("{policy: adaptive, adaptive: {catchUp: 10m, freshnessSlo: 2m}}");

    io.logwise.policy.scaling.ScalingConfig c =
        ConfigLoader.load(write(yaml), Map.of(), Map.of())
            .getTenants()
            .get(0)
            .getScaling()
            .toConfig();

    assertThat(c.policy()).isEqualTo("adaptive");
    assertThat(c.adaptiveOrDefaults().catchUpSeconds()).isEqualTo(600);
    assertThat(c.adaptiveOrDefaults().freshnessSloSeconds()).isEqualTo(120);
    assertThat(c.adaptiveOrDefaults().targetUtilization())
        .isEqualTo(io.logwise.policy.scaling.AdaptiveConfig.DEFAULTS.targetUtilization());
  }

  /**
   * Found by trying it: {@code freshnessSlo: 500ms} read as 0 s, which the policy takes as "no SLO
   * known", and {@code triggerInterval: 1500ms} as 1 s, both silently. The adaptive knobs are whole
   * seconds: anything else stops start-up, every such knob named.
   */
  @Test
  void anAdaptiveDurationThatIsNotAWholeNumberOfSecondsIsRejectedNamingEachKnob() throws Exception {
    String yaml =
        acmeScaling(
            "{policy: adaptive, adaptive: {freshnessSlo: 500ms, triggerInterval: 1500ms,"
                + " catchUp: 2m, batchOverhead: 300ms}}");

    assertThatThrownBy(() -> ConfigLoader.load(write(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining("freshnessSlo (500 milliseconds) must be a whole number of seconds")
        .hasMessageContaining(
            "triggerInterval (1500 milliseconds) must be a whole number of seconds")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("catchUp")
                    .doesNotContain("batchOverhead"));
  }

  @Test
  void anUnknownKeyIsRejectedWithItsPath() throws Exception {
    String yaml =
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: 'jdbc:mysql://x/y', user: u}
        auth: {enabled: false}
        tenants:
          - name: acme
            spark: {masterHost: h, pollIntervall: 5s}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
        """;

    assertThatThrownBy(() -> ConfigLoader.load(write(yaml), Map.of(), Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining("pollIntervall")
        .hasMessageContaining("tenants.[0].spark.pollIntervall");
  }

  @Test
  void aMissingFileSaysSo() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yml")))
        .hasMessageContaining("nope.yml does not exist");
  }
}
