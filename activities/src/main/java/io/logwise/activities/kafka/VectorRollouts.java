package io.logwise.activities.kafka;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logwise.workflows.kafka.VectorTarget;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The {@link VectorRollout} for a migration's target; the only place the worker builds SSM clients
 * (AWS clients cached per region and endpoint, credentials from the default chain).
 */
public final class VectorRollouts implements AutoCloseable {

  private final Supplier<KubernetesClient> kubernetes;
  private final Duration rolloutTimeout;
  private final ConcurrentMap<String, SsmClient> ssm = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AutoScalingClient> asg = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Ec2Client> ec2 = new ConcurrentHashMap<>();

  public VectorRollouts(Supplier<KubernetesClient> kubernetes, Duration rolloutTimeout) {
    this.kubernetes = kubernetes;
    this.rolloutTimeout = rolloutTimeout;
  }

  public VectorRollout forTarget(VectorTarget target) {
    if (target.kubernetes() != null) {
      return new KubernetesVectorRollout(kubernetes.get(), target.kubernetes(), rolloutTimeout);
    }
    VectorTarget.AsgTarget a = target.asg();
    String region = a.region() == null ? "us-east-1" : a.region();
    String key = region + "|" + a.endpoint();
    return new AsgVectorRollout(
        ssm.computeIfAbsent(key, k -> configure(SsmClient.builder(), region, a.endpoint()).build()),
        asg.computeIfAbsent(
            key, k -> configure(AutoScalingClient.builder(), region, a.endpoint()).build()),
        ec2.computeIfAbsent(key, k -> configure(Ec2Client.builder(), region, a.endpoint()).build()),
        a,
        rolloutTimeout);
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>>
      B configure(B builder, String region, String endpoint) {
    builder
        .region(Region.of(region))
        .credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder;
  }

  @Override
  public void close() {
    ssm.values().forEach(SsmClient::close);
    asg.values().forEach(AutoScalingClient::close);
    ec2.values().forEach(Ec2Client::close);
  }
}
