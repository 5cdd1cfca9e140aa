package io.logwise.worker;

import io.logwise.embedded.LocalMoto;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Clients of the shared moto server, the Auto Scaling Group the end-to-end tests act on, and their
 * real Spark.
 */
final class MotoAws {

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private MotoAws() {}

  /** A real Spark master and worker (2 cores) for a test, logging under {@code target/}. */
  static io.logwise.embedded.LocalSpark spark(String name) {
    System.setProperty("aws.accessKeyId", "test"); // for clients built from the default chain
    System.setProperty("aws.secretAccessKey", "test");
    return io.logwise.embedded.LocalSpark.start(
        java.nio.file.Path.of(
            "target", "spark-" + name + "-" + UUID.randomUUID().toString().substring(0, 6)),
        2);
  }

  /** The master's ports as the stacks' YAML names them: {@code ${WEB}, ${REST}, ${MASTER}}. */
  static java.util.Map<String, String> sparkPorts(io.logwise.embedded.LocalSpark spark) {
    return java.util.Map.of(
        "WEB", String.valueOf(spark.webPort()),
        "REST", String.valueOf(spark.restPort()),
        "MASTER", String.valueOf(spark.masterPort()));
  }

  static S3Client s3() {
    return S3Client.builder()
        .endpointOverride(LocalMoto.shared().endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  static AutoScalingClient autoScaling() {
    return AutoScalingClient.builder()
        .endpointOverride(LocalMoto.shared().endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  /** A launch template and a group of it (min 1, max 10, desired 1); returns the group's name. */
  static String newGroup(AutoScalingClient asg, String prefix) {
    String group = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Ec2Client ec2 =
        Ec2Client.builder()
            .endpointOverride(LocalMoto.shared().endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .build()) {
      String ami = ec2.describeImages().images().get(0).imageId();
      ec2.createLaunchTemplate(
          b -> b.launchTemplateName(group).launchTemplateData(d -> d.imageId(ami)));
    }
    asg.createAutoScalingGroup(
        b ->
            b.autoScalingGroupName(group)
                .minSize(1)
                .maxSize(10)
                .desiredCapacity(1)
                .availabilityZones("us-east-1a")
                .launchTemplate(l -> l.launchTemplateName(group).version("$Latest")));
    return group;
  }
}
