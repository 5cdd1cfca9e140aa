package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container files without a Docker engine: {@code docker-compose config} (Debian's package)
 * validates and resolves the compose file; the Dockerfile's shape is checked, and its HEALTHCHECK
 * command is run for real against the worker's {@code /healthcheck}. Building and running the image
 * needs an engine and is not done here.
 */
class ComposeFileIT {

  private static final Path COMPOSE = Path.of("..", "deploy", "docker-compose.yml");
  private static final Path DOCKERFILE = Path.of("..", "deploy", "Dockerfile");
  private static final Map<String, String> SECRETS =
      Map.of(
          "MYSQL_ROOT_PASSWORD", "root-pw",
          "LOGWISE_DB_PASSWORD", "db-pw",
          "LOGWISE_ADMIN_TOKEN", "admin-token-0123456789");

  private record Run(int exit, String out) {}

  private static Run compose(Map<String, String> env, String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("docker-compose", "-f", COMPOSE.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
    b.environment().keySet().removeAll(SECRETS.keySet());
    b.environment().putAll(env);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void composeConfigValidatesTheFileWithCurrentTemporalImages() throws Exception {
    Run r = compose(SECRETS, "config");
    assertThat(r.exit()).as(r.out()).isZero();
    JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(r.out()).get("services");
    assertThat(services.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "mysql",
            "temporal-schema",
            "temporal",
            "temporal-namespace",
            "temporal-ui",
            "worker",
            "api");
    assertThat(services.at("/temporal/image").asText()).startsWith("temporalio/server:");
    assertThat(services.at("/temporal-schema/image").asText())
        .startsWith("temporalio/admin-tools:");
    assertThat(services.at("/temporal-ui/image").asText()).startsWith("temporalio/ui:");
    assertThat(services.at("/mysql/image").asText()).startsWith("mysql:8");
    assertThat(Files.readString(COMPOSE)).doesNotContain("auto-setup:");
    assertThat(services.at("/temporal/depends_on/temporal-schema/condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(services.at("/worker/depends_on/temporal-namespace/condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(services.at("/api/command/0").asText()).isEqualTo("api");
    assertThat(services.at("/worker/environment/LOGWISE_DB_PASSWORD").asText()).isEqualTo("db-pw");
  }

  @Test
  void aMissingSecretStopsComposeNamingIt() throws Exception {
    Run r = compose(Map.of("MYSQL_ROOT_PASSWORD", "root-pw"), "config", "-q");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("set LOGWISE_DB_PASSWORD");
  }

  @Test
  void theDockerfileIsMultiStageNonRootAndExecForm() throws Exception {
    String df = Files.readString(DOCKERFILE);
    assertThat(Pattern.compile("(?m)^FROM ").matcher(df).results().count()).isEqualTo(2);
    assertThat(df).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
    assertThat(df).containsPattern("(?m)^USER 10001:10001$");
    assertThat(df).containsPattern("(?m)^ENTRYPOINT \\[\"java\",");
    assertThat(df).containsPattern("(?m)^HEALTHCHECK ");
  }

  /** The HEALTHCHECK's command, as the engine would run it. */
  private static String healthcheck() throws Exception {
    Matcher m =
        Pattern.compile("CMD \\[\"bash\", \"-c\", \"(.*)\"]").matcher(Files.readString(DOCKERFILE));
    assertThat(m.find()).isTrue();
    return m.group(1).replace("\\\\", "\\");
  }

  @Test
  void theHealthcheckCommandAsksTheWorkersHealthcheck() throws Exception {
    AtomicBoolean polling = new AtomicBoolean(true);
    HttpServer server = Metrics.serve(Metrics.registry(), "127.0.0.1", 0, polling::get);
    try {
      int port = server.getAddress().getPort();
      assertThat(runHealthcheck(port)).as("polling: healthy").isZero();
      polling.set(false);
      assertThat(runHealthcheck(port)).as("not polling: unhealthy").isNotZero();
    } finally {
      server.stop(0);
    }
    assertThat(runHealthcheck(1)).as("nothing listening: unhealthy").isNotZero();
  }

  private static int runHealthcheck(int port) throws Exception {
    ProcessBuilder b = new ProcessBuilder("bash", "-c", healthcheck()).redirectErrorStream(true);
    b.environment().put("LOGWISE_HEALTH_PORT", String.valueOf(port));
    Process p = b.start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
