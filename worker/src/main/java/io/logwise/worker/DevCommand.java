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
      "Starts Temporal's test server (127.0.0.1:7233), MariaDB,",
      "moto's S3 with example services, the worker and the API, with a ready tenant 'acme'.",
      "Prints where everything is and an admin token; Ctrl-C stops it all."
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
      names = "--temporal-port",
      defaultValue = "7233",
      description = "port of the embedded Temporal test server (default: ${DEFAULT-VALUE})")
  int temporalPort;

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

  @Override
  public Integer call() throws Exception {
    DevStack stack;
    try {
      stack =
          DevStack.start(
              new DevStack.Options(
                  dataDir,
                  temporalAddress,
                  temporalPort,
                  jdbcUrl,
                  dbUser,
                  dbPassword,
                  s3Endpoint,
                  apiPort,
                  adminPort,
                  !noAuth));
    } catch (ConfigLoader.InvalidConfigException e) {
      System.err.println(e.getMessage());
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
}
