package io.logwise.worker;

import io.logwise.api.ApiServer;
import io.logwise.api.LogwiseApiApplication;
import io.logwise.config.LogwiseConfiguration;
import java.util.concurrent.Callable;
import org.eclipse.jetty.server.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code logwise api}: the REST API (and /prometheus, /healthcheck on the admin port). */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = {
      "The REST API (thin: it talks to the workflows through Temporal).",
      "",
      "It validates requests and turns them into Temporal updates,",
      "signals and queries; it needs a running worker to do anything."
    })
final class ApiCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    LogwiseConfiguration config = options.load();
    if (config == null) {
      return 2;
    }
    Server server = ApiServer.start(new LogwiseApiApplication(Metrics.registry()), config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop();
                  } catch (Exception e) {
                    System.err.println("stopping the API: " + e);
                  }
                },
                "logwise-api-stop"));
    server.join();
    return 0;
  }
}
