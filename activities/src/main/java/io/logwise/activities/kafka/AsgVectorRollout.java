package io.logwise.activities.kafka;

import io.logwise.activities.Heartbeats;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.kafka.MigrationActivities.VectorSwitchResult;
import io.logwise.workflows.kafka.VectorTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Vector on an Auto Scaling Group whose instances read the brokers from an SSM parameter at boot.
 * The parameter is written, then every instance launched before the parameter's last change is
 * replaced, one at a time: terminated in the group without lowering its desired capacity, and the
 * next one only once the group has its full count of InService instances again. Which instances
 * still read the old value follows from launch time against the parameter's change time, so a
 * retried attempt carries on where the last one stopped and never replaces a new instance. (AWS's
 * instance refresh does the same; doing it here needs no refresh permissions and runs on moto.)
 */
public final class AsgVectorRollout implements VectorRollout {

  private final SsmClient ssm;
  private final AutoScalingClient asg;
  private final Ec2Client ec2;
  private final VectorTarget.AsgTarget target;
  private final Duration rolloutTimeout;

  public AsgVectorRollout(
      SsmClient ssm,
      AutoScalingClient asg,
      Ec2Client ec2,
      VectorTarget.AsgTarget target,
      Duration rolloutTimeout) {
    this.ssm = ssm;
    this.asg = asg;
    this.ec2 = ec2;
    this.target = target;
    this.rolloutTimeout = rolloutTimeout;
  }

  @Override
  public VectorSwitchResult apply(String rolloutKey, String bootstrapServers) {
    try {
      group(); // a group that does not exist is refused before anything is written
      boolean changed = writeParameter(bootstrapServers);
      Instant changedAt = parameter().lastModifiedDate();
      long deadline = System.nanoTime() + rolloutTimeout.toNanos();
      int replaced = 0;
      while (true) {
        AutoScalingGroup g = group();
        List<String> stale = staleInstances(g, changedAt);
        if (stale.isEmpty() && inService(g) >= g.desiredCapacity()) {
          return new VectorSwitchResult(
              changed,
              replaced > 0,
              g.desiredCapacity(),
              "Auto Scaling Group "
                  + target.name()
                  + ": "
                  + g.desiredCapacity()
                  + " instance(s) started after "
                  + target.ssmParameter()
                  + " = "
                  + bootstrapServers
                  + " ("
                  + replaced
                  + " replaced now)");
        }
        if (System.nanoTime() > deadline) {
          throw LogwiseFailures.unavailable(
              "replacing the instances of "
                  + target.name()
                  + " did not finish within "
                  + rolloutTimeout.toMinutes()
                  + " min; still on the old value: "
                  + stale,
              null);
        }
        if (inService(g) >= g.desiredCapacity() && !stale.isEmpty() && !leaving(g)) {
          String next = stale.get(0);
          asg.terminateInstanceInAutoScalingGroup(
              b -> b.instanceId(next).shouldDecrementDesiredCapacity(false));
          replaced++;
        }
        Heartbeats.beat("replacing: " + stale.size() + " instance(s) left on the old value");
        Sleeps.sleep(Duration.ofSeconds(1));
      }
    } catch (SdkException e) {
      throw LogwiseFailures.unavailable("AWS: " + e.getMessage(), e);
    }
  }

  private boolean writeParameter(String value) {
    String now;
    try {
      now = parameter().value();
    } catch (ParameterNotFoundException e) {
      now = null;
    }
    if (value.equals(now)) {
      return false;
    }
    ssm.putParameter(
        b -> b.name(target.ssmParameter()).value(value).type(ParameterType.STRING).overwrite(true));
    return true;
  }

  private Parameter parameter() {
    return ssm.getParameter(b -> b.name(target.ssmParameter())).parameter();
  }

  private AutoScalingGroup group() {
    List<AutoScalingGroup> groups =
        asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(target.name()))
            .autoScalingGroups();
    if (groups.isEmpty()) {
      throw LogwiseFailures.badConfig("Auto Scaling Group " + target.name() + " does not exist");
    }
    return groups.get(0);
  }

  /** InService instances launched before the parameter changed, oldest first. */
  private List<String> staleInstances(AutoScalingGroup g, Instant changedAt) {
    List<String> ids =
        g.instances().stream()
            .filter(i -> "InService".equals(i.lifecycleStateAsString()))
            .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId)
            .toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, Instant> launched =
        ec2.describeInstances(b -> b.instanceIds(ids)).reservations().stream()
            .flatMap(r -> r.instances().stream())
            .collect(Collectors.toMap(Instance::instanceId, Instance::launchTime));
    return ids.stream()
        .filter(id -> launched.containsKey(id) && launched.get(id).isBefore(changedAt))
        .sorted((a, b) -> launched.get(a).compareTo(launched.get(b)))
        .toList();
  }

  private static long inService(AutoScalingGroup g) {
    return g.instances().stream()
        .filter(i -> "InService".equals(i.lifecycleStateAsString()))
        .count();
  }

  private static boolean leaving(AutoScalingGroup g) {
    return g.instances().stream()
        .anyMatch(
            i ->
                i.lifecycleStateAsString() != null
                    && i.lifecycleStateAsString().startsWith("Terminating"));
  }
}
