package io.logwise.worker;

import io.logwise.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logwise dev}: the whole product in one process on embedded defaults. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Everything in one process on embedded defaults: start here.",
      "",
      "Starts the real Temporal dev server (127.0.0.1:7233, Web UI on 8233; workflows kept",
      "under --data-dir), MariaDB, moto's S3 with example services, the worker and the API,",
      "with a ready tenant 'acme'. Prints where everything is and an admin token; Ctrl-C",
      "stops it all."
    })
final class DevCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = "target/logwise-dev",
      description =
          "where MariaDB data, logs and the generated config go (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--temporal-address",
      paramLabel = "HOST:PORT",
      description = "use this Temporal instead of starting the embedded test server")
  String temporalAddress;

  @Option(
      names = "--temporal",
      paramLabel = "dev-server|test-server",
      defaultValue = "dev-server",
      converter = TemporalKindConverter.class,
      description = {
        "which Temporal to start without --temporal-address (default: ${DEFAULT-VALUE}):",
        "dev-server is the real server (`temporal server start-dev`, from scripts/install-deps.sh)",
        "with its Web UI, visibility and a DB file under --data-dir; test-server is Temporal's",
        "Java test server in this process (in memory, no UI); without a `temporal` binary dev",
        "says so and uses the test server"
      })
  DevStack.TemporalKind temporal;

  @Option(
      names = "--temporal-port",
      defaultValue = "7233",
      description = "gRPC port of the embedded Temporal server (default: ${DEFAULT-VALUE})")
  int temporalPort;

  @Option(
      names = "--temporal-ui-port",
      description = "the dev server's Web UI port (default: --temporal-port + 1000)")
  Integer temporalUiPort;

  @Option(names = "--jdbc-url", description = "use this MySQL/MariaDB instead of starting one")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      defaultValue = "logwise",
      description = "user for --jdbc-url (default: ${DEFAULT-VALUE})")
  String dbUser;

  @Option(
      names = "--db-password",
      defaultValue = "${env:LOGWISE_DB_PASSWORD}",
      description = "password for --jdbc-url (default: $LOGWISE_DB_PASSWORD)")
  String dbPassword;

  @Option(
      names = "--s3-endpoint",
      description = "use this S3 endpoint instead of starting moto (bucket acme-logs must exist)")
  String s3Endpoint;

  @Option(
      names = "--api-port",
      defaultValue = "8080",
      description = "API port (default: ${DEFAULT-VALUE})")
  int apiPort;

  @Option(
      names = "--admin-port",
      defaultValue = "8081",
      description = "admin port: /healthcheck, /prometheus (default: ${DEFAULT-VALUE})")
  int adminPort;

  @Option(names = "--no-auth", description = "turn API authentication off (loudly)")
  boolean noAuth;

  @Option(
      names = "--spark-master",
      paramLabel = "spark://HOST:PORT",
      description = "supervise acme's Spark driver on this standalone master (needs --spark-jar)")
  String sparkMaster;

  @Option(
      names = "--spark-web-port",
      defaultValue = "8080",
      description = "the master's web UI port, for /json/ (default: ${DEFAULT-VALUE})")
  int sparkWebPort;

  @Option(
      names = "--spark-rest-port",
      defaultValue = "6066",
      description = "the master's REST submission port (default: ${DEFAULT-VALUE})")
  int sparkRestPort;

  @Option(
      names = "--spark-jar",
      paramLabel = "URL",
      description = "the Logwise Spark job the supervisor submits, as the master's workers see it")
  String sparkJar;

  @Option(
      names = "--spark-main-class",
      description = "the job's main class (default: the reference's)")
  String sparkMainClass;

  @Option(
      names = "--spark-version",
      description = "the Spark version the submission names (default: the reference's 3.1.2)")
  String sparkVersion;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = {
        "use the tenants (and extra auth.tokens) of this file instead of dev's acme and sandbox;",
        "dev still provides Temporal, the database, S3 (${DEV_S3_ENDPOINT}) and the ports"
      })
  Path tenantsFile;

  @Option(
      names = "--pipeline",
      description = {
        "also run the pipeline in a box as tenant box: a Kafka broker, a Spark master with box's",
        "workers as local processes, the project's streaming job and a log generator (needs",
        "scripts/spark-runtime.sh, scripts/kafka-runtime.sh and the streaming-job jar; dev.sh",
        "--pipeline fetches and builds them)"
      })
  boolean pipeline;

  @Option(
      names = "--pipeline-trace",
      defaultValue = "diurnal",
      description =
          "the generator's trace: diurnal, spike10x, ramp, noisy or a CSV file (default:"
              + " ${DEFAULT-VALUE})")
  String pipelineTrace;

  @Option(
      names = "--pipeline-speed",
      defaultValue = "60",
      description = "trace minutes per real minute (default: ${DEFAULT-VALUE})")
  double pipelineSpeed;

  @Option(
      names = "--pipeline-peak",
      defaultValue = "50",
      description = "the trace's peak, scaled to this many records/s (default: ${DEFAULT-VALUE})")
  double pipelinePeak;

  @Option(
      names = "--pipeline-work",
      defaultValue = "40000",
      description = {
        "the job's work per record in microseconds (default: ${DEFAULT-VALUE}: 25 records/s per",
        "executor core, so the peak needs more than one worker)"
      })
  long pipelineWork;

  /** The pipeline in a box of {@code --pipeline}, checked; null without it. */
  DevStack.Pipeline pipeline() {
    if (!pipeline) {
      return null;
    }
    if (tenantsFile != null) {
      throw new IllegalArgumentException(
          "--pipeline adds dev's tenant box beside acme and sandbox; it does not go with --config");
    }
    if (!(pipelineSpeed > 0) || !(pipelinePeak > 0) || pipelineWork < 0) {
      throw new IllegalArgumentException(
          "--pipeline-speed and --pipeline-peak must be positive, --pipeline-work at least 0");
    }
    return new DevStack.Pipeline(pipelineTrace, pipelineSpeed, pipelinePeak, pipelineWork);
  }

  @Override
  public Integer call() throws Exception {
    DevStack.Spark spark;
    DevStack.Pipeline box;
    try {
      spark = spark();
      box = pipeline();
    } catch (IllegalArgumentException e) {
      System.err.println("logwise dev: " + e.getMessage());
      return 2;
    }
    DevStack stack;
    try {
      stack =
          DevStack.start(
              new DevStack.Options(
                  dataDir,
                  temporalAddress,
                  temporal,
                  temporalPort,
                  temporalUiPort,
                  jdbcUrl,
                  dbUser,
                  dbPassword,
                  s3Endpoint,
                  apiPort,
                  adminPort,
                  !noAuth,
                  spark,
                  tenantsFile,
                  box));
    } catch (ConfigLoader.InvalidConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (DevConfig.InvalidDevConfigException e) {
      System.err.println("logwise dev: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      System.err.println("logwise dev could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("stopping the dev stack...");
                  stack.close();
                  stopped.countDown();
                },
                "logwise-dev-stop"));
    System.out.println(stack.banner());
    System.out.flush();
    stopped.await();
    return 0;
  }

  /** {@code dev-server} or {@code test-server}, as the option says them. */
  static final class TemporalKindConverter
      implements picocli.CommandLine.ITypeConverter<DevStack.TemporalKind> {
    @Override
    public DevStack.TemporalKind convert(String value) {
      return switch (value) {
        case "dev-server" -> DevStack.TemporalKind.DEV_SERVER;
        case "test-server" -> DevStack.TemporalKind.TEST_SERVER;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "'" + value + "' is not dev-server or test-server");
      };
    }
  }

  /** The Spark master of {@code --spark-master}, checked; null without it. */
  DevStack.Spark spark() {
    if (sparkMaster == null) {
      if (sparkJar != null || sparkMainClass != null || sparkVersion != null) {
        throw new IllegalArgumentException(
            "--spark-jar, --spark-main-class and --spark-version" + " need --spark-master");
      }
      return null;
    }
    if (tenantsFile != null) {
      throw new IllegalArgumentException(
          "--spark-master sets up dev's own tenant acme; with --config, put the master in the"
              + " file's spark: section");
    }
    java.net.URI uri;
    try {
      uri =
          java.net.URI.create(sparkMaster.contains("://") ? sparkMaster : "spark://" + sparkMaster);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--spark-master '" + sparkMaster + "' is not spark://HOST:PORT");
    }
    if (!"spark".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--spark-master '" + sparkMaster + "' is not spark://HOST:PORT");
    }
    if (sparkJar == null || sparkJar.isBlank()) {
      throw new IllegalArgumentException(
          "--spark-master needs --spark-jar: the Logwise Spark job the supervisor submits");
    }
    for (int port : new int[] {sparkWebPort, sparkRestPort}) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("Spark port " + port + " is not in 1-65535");
      }
    }
    return new DevStack.Spark(
        uri.getHost(),
        uri.getPort() < 0 ? 7077 : uri.getPort(),
        sparkWebPort,
        sparkRestPort,
        sparkJar,
        sparkMainClass,
        sparkVersion);
  }
}
