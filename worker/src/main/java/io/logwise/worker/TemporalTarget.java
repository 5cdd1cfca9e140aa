package io.logwise.worker;

import io.logwise.config.LogwiseConfiguration;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * Where an operator command finds Temporal: {@code -c FILE} (its {@code temporal:} and tenants), or
 * {@code --address} and {@code --namespace} without a file (e.g. against {@code logwise dev}).
 */
final class TemporalTarget {

  @Option(
      names = {"-c", "--config"},
      description = "configuration file (Temporal and tenants from it)")
  java.nio.file.Path configFile;

  @Option(names = "--address", description = "Temporal frontend host:port (without -c)")
  String address;

  @Option(names = "--namespace", defaultValue = "default", description = "(without -c)")
  String namespace;

  /** Temporal's address and namespace, and the configured tenants (null without a file). */
  record Resolved(String target, String namespace, List<String> tenants) {}

  /** What the options name; null (after saying why on stderr) when they name nothing usable. */
  Resolved resolve(String command) {
    if (configFile != null) {
      ConfigOptions options = new ConfigOptions();
      options.configFile = configFile;
      LogwiseConfiguration config = options.load();
      return config == null
          ? null
          : new Resolved(
              config.getTemporal().getTarget(),
              config.getTemporal().getNamespace(),
              config.getTenants().stream().map(io.logwise.config.TenantConfig::getName).toList());
    }
    if (address == null) {
      System.err.println(command + " needs -c FILE or --address HOST:PORT");
      return null;
    }
    return new Resolved(address, namespace, null);
  }

  static WorkflowServiceStubs stubs(Resolved r) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(r.target()).build());
  }

  static WorkflowClient client(WorkflowServiceStubs stubs, Resolved r) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(r.namespace()).build());
  }

  static void close(WorkflowServiceStubs stubs) throws InterruptedException {
    stubs.shutdownNow();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
