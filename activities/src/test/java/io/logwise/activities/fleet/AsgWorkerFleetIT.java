package io.logwise.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.embedded.LocalMoto;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/** The ASG fleet against moto: a real group whose instances have private IPs; the contract. */
class AsgWorkerFleetIT extends WorkerFleetContract {

  private AutoScalingClient asg;
  private Ec2Client ec2;
  private String name;
  private AsgWorkerFleet fleet;

  @BeforeEach
  void createGroup() {
    var moto = LocalMoto.shared();
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    asg =
        AutoScalingClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .build();
    ec2 =
        Ec2Client.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .build();
    name = "spark-workers-" + UUID.randomUUID().toString().substring(0, 8);
    String ami = ec2.describeImages().images().get(0).imageId();
    ec2.createLaunchTemplate(
        b ->
            b.launchTemplateName(name + "-lt")
                .launchTemplateData(d -> d.imageId(ami).instanceType("m5.large")));
    asg.createAutoScalingGroup(
        b ->
            b.autoScalingGroupName(name)
                .minSize(1)
                .maxSize(5)
                .desiredCapacity(3)
                .availabilityZones("us-east-1a")
                .launchTemplate(l -> l.launchTemplateName(name + "-lt").version("$Latest")));
    fleet = new AsgWorkerFleet(asg, ec2, name);
  }

  @AfterEach
  void close() {
    asg.close();
    ec2.close();
  }

  private AutoScalingGroup group() {
    return asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name))
        .autoScalingGroups()
        .get(0);
  }

  private List<Instance> instances() {
    List<String> ids = group().instances().stream().map(i -> i.instanceId()).toList();
    return ec2.describeInstances(b -> b.instanceIds(ids)).reservations().stream()
        .flatMap(r -> r.instances().stream())
        .toList();
  }

  @Override
  WorkerFleet fleet() {
    return fleet;
  }

  @Override
  List<String> hosts() {
    return instances().stream().map(Instance::privateIpAddress).toList();
  }

  @Override
  int desiredNow() {
    return group().desiredCapacity();
  }

  @Override
  boolean keptForTheDriver(String host) {
    String id =
        instances().stream()
            .filter(i -> host.equals(i.privateIpAddress()))
            .findFirst()
            .orElseThrow()
            .instanceId();
    return group().instances().stream()
        .anyMatch(i -> i.instanceId().equals(id) && "InService".equals(i.lifecycleStateAsString()));
  }

  @Test
  void upscaleSetsDesiredClampedToTheGroupAndNeverLowersIt() {
    assertThat(fleet.size()).isEqualTo(new WorkerFleet.Size(3, 3));

    assertThat(fleet.scaleUp(4)).isEqualTo(new ScaleOutcome(true, 4, null));
    assertThat(group().desiredCapacity()).isEqualTo(4);

    ScaleOutcome clamped = fleet.scaleUp(9);
    assertThat(clamped.desired()).isEqualTo(5);
    assertThat(clamped.message()).contains("max 5");
    assertThat(group().desiredCapacity()).isEqualTo(5);

    ScaleOutcome lower = fleet.scaleUp(2);
    assertThat(lower.changed()).isFalse();
    assertThat(group().desiredCapacity()).as("never below the current desired").isEqualTo(5);
  }

  @Test
  void downscaleTerminatesTheChosenNonDriverInstanceOnly() {
    List<Instance> all = instances();
    String driverIp = all.get(0).privateIpAddress();
    String victimIp = all.get(1).privateIpAddress();
    String victimId = all.get(1).instanceId();

    ScaleOutcome o = fleet.scaleDown(1, 2, List.of(driverIp, victimIp), driverIp);

    assertThat(o.changed()).isTrue();
    assertThat(o.desired()).isEqualTo(2);
    assertThat(o.message()).contains(victimId);
    AutoScalingGroup g = group();
    assertThat(g.desiredCapacity()).isEqualTo(2);
    assertThat(
            g.instances().stream()
                .filter(i -> i.instanceId().equals(victimId))
                .map(i -> i.lifecycleStateAsString()))
        .allMatch(s -> !s.equals("InService"));
    assertThat(
            g.instances().stream()
                .filter(i -> i.instanceId().equals(all.get(0).instanceId()))
                .findFirst()
                .orElseThrow()
                .lifecycleStateAsString())
        .isEqualTo("InService");

    ScaleOutcome again = fleet.scaleDown(1, 2, List.of(driverIp, victimIp), driverIp);
    assertThat(again.changed()).as("repeating is safe").isFalse();
  }

  /**
   * Found for the fault suite: the activity retried after it had terminated its workers (a crash or
   * a lost answer) skipped the ones already leaving and terminated as many others.
   */
  @Test
  void aRepeatedScaleDownNeverGoesBelowItsTarget() {
    List<String> ips = instances().stream().map(Instance::privateIpAddress).toList();
    ScaleOutcome first = fleet.scaleDown(1, 2, ips, null);
    assertThat(first.changed()).isTrue();
    assertThat(group().desiredCapacity()).isEqualTo(2);

    ScaleOutcome retried = fleet.scaleDown(1, 2, ips, null);
    assertThat(retried.changed()).as("already at the target: %s", retried).isFalse();
    assertThat(group().desiredCapacity()).isEqualTo(2);
    assertThat(
            group().instances().stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString())))
        .as("one worker removed, not two")
        .hasSize(2);
  }

  @Test
  void fewerCandidatesThanNeededRemovesWhatIsSafeAndSaysWhy() {
    List<Instance> all = instances();
    ScaleOutcome o =
        fleet.scaleDown(
            2,
            1,
            List.of(all.get(2).privateIpAddress(), "10.255.255.1"),
            all.get(0).privateIpAddress());

    assertThat(o.desired()).isEqualTo(2);
    assertThat(o.message()).contains("removed 1 of 2");
  }

  @Test
  void theGroupMinimumIsRespected() {
    List<Instance> all = instances();
    List<String> ips = all.stream().map(Instance::privateIpAddress).toList();
    ScaleOutcome o = fleet.scaleDown(3, 0, ips, null);

    assertThat(o.desired()).isEqualTo(1);
    assertThat(o.message()).contains("the group's min is 1");
  }
}
