package io.logwise.worker;

import com.sun.net.httpserver.HttpServer;
import io.logwise.config.LogwiseConfiguration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code logwise worker}: polls the task queue and keeps every tenant's workflows running. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "The Temporal worker that runs every tenant's workflows.",
      "",
      "Registers Logwise's workflows and activities, then starts",
      "(or hands the current settings to) every configured tenant's workflows."
    })
final class WorkerCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(
      names = "--metrics-port",
      defaultValue = "9464",
      description =
          "port of GET /prometheus and GET /healthcheck; 0 turns it off (default: ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      description =
          "address /prometheus and /healthcheck bind to; 0.0.0.0 in a container"
              + " (default: ${DEFAULT-VALUE})")
  String metricsHost;

  @Override
  public Integer call() throws Exception {
    LogwiseConfiguration config = options.load();
    if (config == null) {
      return 2;
    }
    PrometheusMeterRegistry registry = Metrics.registry();
    java.util.concurrent.atomic.AtomicReference<LogwiseWorker> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    HttpServer metrics =
        metricsPort > 0
            ? Metrics.serve(
                registry,
                metricsHost,
                metricsPort,
                () -> running.get() != null && running.get().polling())
            : null;
    LogwiseWorker worker = LogwiseWorker.start(config, registry);
    running.set(worker);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  if (metrics != null) {
                    metrics.stop(0);
                  }
                  stopped.countDown();
                },
                "logwise-worker-stop"));
    stopped.await();
    return 0;
  }
}
