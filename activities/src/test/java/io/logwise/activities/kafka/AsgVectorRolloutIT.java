package io.logwise.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.embedded.LocalMoto;
import io.logwise.workflows.kafka.MigrationActivities.VectorSwitchResult;
import io.logwise.workflows.kafka.VectorTarget;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Vector on an Auto Scaling Group reading an SSM parameter, against moto. */
class AsgVectorRolloutIT {

  private AutoScalingClient asg;
  private Ec2Client ec2;
  private SsmClient ssm;
  private String name;
  private String parameter;

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
    ssm =
        SsmClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .build();
    name = "vector-" + UUID.randomUUID().toString().substring(0, 8);
    parameter = "/logwise/" + name + "/kafka-brokers";
    ssm.putParameter(b -> b.name(parameter).value("old:9092").type(ParameterType.STRING));
    String ami = ec2.describeImages().images().get(0).imageId();
    ec2.createLaunchTemplate(
        b -> b.launchTemplateName(name).launchTemplateData(d -> d.imageId(ami)));
    asg.createAutoScalingGroup(
        b ->
            b.autoScalingGroupName(name)
                .minSize(1)
                .maxSize(6)
                .desiredCapacity(3)
                .availabilityZones("us-east-1a")
                .launchTemplate(l -> l.launchTemplateName(name).version("$Latest")));
  }

  @AfterEach
  void close() {
    asg.close();
    ec2.close();
    ssm.close();
  }

  private Set<String> instances() {
    return asg
        .describeAutoScalingGroups(b -> b.autoScalingGroupNames(name))
        .autoScalingGroups()
        .get(0)
        .instances()
        .stream()
        .map(i -> i.instanceId())
        .collect(Collectors.toSet());
  }

  @Test
  void writesTheParameterAndReplacesEveryOldInstanceOnce() throws Exception {
    Set<String> before = instances();
    assertThat(before).hasSize(3);
    // launch times have second resolution: the switch must come after the instances' second
    Thread.sleep(1100);
    AsgVectorRollout rollout =
        new AsgVectorRollout(
            ssm,
            asg,
            ec2,
            new VectorTarget.AsgTarget(name, "us-east-1", null, parameter),
            Duration.ofMinutes(2));

    VectorSwitchResult r = rollout.apply("m1/switch", "new-1:9092,new-2:9092");

    assertThat(r.changedConfig()).isTrue();
    assertThat(r.rolled()).isTrue();
    assertThat(r.instances()).isEqualTo(3);
    assertThat(ssm.getParameter(b -> b.name(parameter)).parameter().value())
        .isEqualTo("new-1:9092,new-2:9092");
    Set<String> after = instances();
    assertThat(after).hasSize(3).doesNotContainAnyElementsOf(before);
    assertThat(
            asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name))
                .autoScalingGroups()
                .get(0)
                .desiredCapacity())
        .isEqualTo(3);

    // applied again (a retried attempt): the instances already read the value, none is replaced
    VectorSwitchResult again = rollout.apply("m1/switch", "new-1:9092,new-2:9092");
    assertThat(again.changedConfig()).isFalse();
    assertThat(again.rolled()).isFalse();
    assertThat(instances()).isEqualTo(after);
  }

  @Test
  void aMissingGroupIsABadConfiguration() {
    AsgVectorRollout rollout =
        new AsgVectorRollout(
            ssm,
            asg,
            ec2,
            new VectorTarget.AsgTarget("no-such-group", null, null, parameter),
            Duration.ofSeconds(10));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollout.apply("m1/switch", "x:1"))
        .hasMessageContaining("Auto Scaling Group no-such-group does not exist");
    assertThat(List.of(ssm.getParameter(b -> b.name(parameter)).parameter().value()))
        .containsExactly("old:9092");
  }
}
