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
  private final LocalLauncher localLauncher;
  private final ConcurrentMap<String, LocalWorkerFleet> local = new ConcurrentHashMap<>();
  private final java.net.http.HttpClient masterHttp =
      java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();

  /**
   * Starts one Spark worker process of a {@code local} fleet on this machine: on {@code host} (its
   * loopback address), registering with {@code masterUrl}, with the fleet's cores and memory.
   */
  @FunctionalInterface
  public interface LocalLauncher {
    LocalWorkerFleet.Running start(
        String tenant, String masterUrl, String host, FleetSettings.Local settings);
  }

  public WorkerFleets(Supplier<KubernetesClient> kubernetes) {
    this(kubernetes, java.util.Map.of(), null);
  }

  /**
   * With the dev sandbox's simulated fleets, by tenant, and what starts a local fleet's worker
   * processes (null: {@code fleet.type local} is refused).
   */
  public WorkerFleets(
      Supplier<KubernetesClient> kubernetes,
      java.util.Map<String, SimulatedWorkerFleet> simulated,
      LocalLauncher localLauncher) {
    this.kubernetes = kubernetes;
    this.simulated = java.util.Map.copyOf(simulated);
    this.localLauncher = localLauncher;
  }

  public WorkerFleet fleetFor(TenantConfig tenant) {
    if (tenant.getFleet().getType() == FleetSettings.Type.LOCAL) {
      return local.computeIfAbsent(tenant.getName(), name -> localFleet(tenant));
    }
    return fleetFor(tenant.getName(), tenant.getFleet());
  }

  /**
   * The tenant's local fleet: one per tenant for the life of this worker, which owns its processes
   * (they stop with {@link #close}).
   */
  private LocalWorkerFleet localFleet(TenantConfig tenant) {
    if (localLauncher == null) {
      throw io.logwise.workflows.LogwiseFailures.badConfig(
          "fleet.type local runs only in a worker that can start Spark workers on its machine"
              + " (tenant "
              + tenant.getName()
              + ")");
    }
    io.logwise.config.SparkSettings spark = tenant.getSpark();
    io.logwise.activities.spark.SparkMasterClient master =
        new io.logwise.activities.spark.SparkMasterClient(
            masterHttp, spark.getMasterHost(), spark.getMasterWebPort(), spark.getRestPort());
    String masterUrl = "spark://" + spark.getMasterHost() + ":" + spark.getMasterPort();
    FleetSettings.Local settings = tenant.getFleet().getLocal();
    return new LocalWorkerFleet(
        master::snapshot,
        host -> localLauncher.start(tenant.getName(), masterUrl, host, settings),
        settings.getMax());
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
      case LOCAL ->
          throw io.logwise.workflows.LogwiseFailures.badConfig(
              "fleet.type local is for a tenant's Spark workers only (" + tenantName + ")");
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
    local.values().forEach(LocalWorkerFleet::close);
    local.clear();
    asgClients.values().forEach(AutoScalingClient::close);
    ec2Clients.values().forEach(Ec2Client::close);
  }
}
