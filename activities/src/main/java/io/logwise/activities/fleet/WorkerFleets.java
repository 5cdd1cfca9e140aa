package io.logwise.activities.fleet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logwise.config.FleetSettings;
import io.logwise.config.TenantConfig;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The tenant's {@link WorkerFleet}; the only place the worker builds Auto Scaling, EC2 and
 * Kubernetes clients (AWS clients cached per region and endpoint, credentials from the default
 * chain; the Kubernetes client from the supplier, which owns it and builds it on first use).
 */
public final class WorkerFleets implements AutoCloseable {

  private final Supplier<KubernetesClient> kubernetes;
  private final ConcurrentMap<String, AutoScalingClient> asgClients = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Ec2Client> ec2Clients = new ConcurrentHashMap<>();

  private final java.util.Map<String, SimulatedWorkerFleet> simulated;

  public WorkerFleets(Supplier<KubernetesClient> kubernetes) {
    this(kubernetes, java.util.Map.of());
  }

  /** With the dev sandbox's simulated fleets, by tenant. */
  public WorkerFleets(
      Supplier<KubernetesClient> kubernetes,
      java.util.Map<String, SimulatedWorkerFleet> simulated) {
    this.kubernetes = kubernetes;
    this.simulated = java.util.Map.copyOf(simulated);
  }

  public WorkerFleet fleetFor(TenantConfig tenant) {
    return fleetFor(tenant.getName(), tenant.getFleet());
  }

  /** The fleet {@code f} describes, for {@code tenant} (Spark workers, or Vector's instances). */
  public WorkerFleet fleetFor(String tenantName, FleetSettings f) {
    return switch (f.getType()) {
      case NONE -> new NoWorkerFleet();
      case ASG -> {
        String key = f.getAsg().getRegion() + "|" + f.getAsg().getEndpoint();
        AutoScalingClient asg =
            asgClients.computeIfAbsent(
                key, k -> configure(AutoScalingClient.builder(), f.getAsg()).build());
        Ec2Client ec2 =
            ec2Clients.computeIfAbsent(
                key, k -> configure(Ec2Client.builder(), f.getAsg()).build());
        yield new AsgWorkerFleet(asg, ec2, f.getAsg().getName());
      }
      case SIMULATED -> {
        SimulatedWorkerFleet sim = simulated.get(tenantName);
        if (sim == null) {
          throw io.logwise.workflows.LogwiseFailures.badConfig(
              "fleet.type simulated runs only inside logwise dev (tenant " + tenantName + ")");
        }
        yield sim;
      }
      case KUBERNETES ->
          new KubernetesWorkerFleet(
              kubernetes.get(),
              f.getKubernetes().getNamespace(),
              f.getKubernetes().getDeployment());
    };
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>>
      B configure(B builder, FleetSettings.Asg asg) {
    builder
        .region(Region.of(asg.getRegion()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (asg.getEndpoint() != null && !asg.getEndpoint().isBlank()) {
      builder.endpointOverride(URI.create(asg.getEndpoint()));
    }
    return builder;
  }

  @Override
  public void close() {
    asgClients.values().forEach(AutoScalingClient::close);
    ec2Clients.values().forEach(Ec2Client::close);
  }
}
