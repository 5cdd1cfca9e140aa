package io.logwise.worker;

import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.TenantConfig;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code logwise check-config}: validates a configuration file without starting anything. */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a configuration file as the worker and the API would at start-up, and say what",
      "it configures; every problem is listed (exit code 2). Connects to nothing."
    })
final class CheckConfigCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    LogwiseConfiguration config = options.load();
    if (config == null) {
      return 2;
    }
    System.out.printf(
        Locale.ROOT,
        "%s is valid: Temporal %s (namespace %s, task queue %s), auth %s, %d tenant(s)%n",
        options.configFile,
        config.getTemporal().getTarget(),
        config.getTemporal().getNamespace(),
        config.getTemporal().getTaskQueue(),
        config.getAuth().isEnabled()
            ? config.getAuth().getTokens().size() + " token(s)"
            : "DISABLED",
        config.getTenants().size());
    for (TenantConfig t : config.getTenants()) {
      System.out.printf(
          Locale.ROOT,
          "  %-20s scaling %s, fleet %s, bucket %s, Kafka %s%n",
          t.getName(),
          t.getScaling().getPolicy(),
          t.getFleet().getType().name().toLowerCase(Locale.ROOT),
          t.getObjectStore().getBucket(),
          t.getKafka().getBootstrapServers());
    }
    return 0;
  }
}
