package io.logwise.activities.fleet;

import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.scaling.FleetKind;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * An AWS Auto Scaling Group of Spark workers. Upscale sets the desired capacity clamped to the
 * group's min/max and never below the current desired; downscale terminates chosen instances (by
 * the private IP of non-driver Spark workers) one call each, with decrement. Unlike the reference
 * it never terminates outside the group, never by list position blindly, and does what is safe when
 * there are too few candidates.
 */
public final class AsgWorkerFleet implements WorkerFleet {

  private final AutoScalingClient asg;
  private final Ec2Client ec2;
  private final String name;

  public AsgWorkerFleet(AutoScalingClient asg, Ec2Client ec2, String name) {
    this.asg = asg;
    this.ec2 = ec2;
    this.name = name;
  }

  @Override
  public FleetKind type() {
    return FleetKind.ASG;
  }

  private AutoScalingGroup group() {
    try {
      List<AutoScalingGroup> groups =
          asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups();
      if (groups.isEmpty()) {
        throw LogwiseFailures.badConfig("Auto Scaling Group '" + name + "' does not exist");
      }
      return groups.get(0);
    } catch (AutoScalingException e) {
      throw translate("describe", e);
    } catch (SdkClientException e) {
      throw LogwiseFailures.unavailable("Auto Scaling unreachable: " + e.getMessage(), e);
    }
  }

  @Override
  public Size size() {
    AutoScalingGroup g = group();
    int inService =
        (int)
            g.instances().stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .count();
    return new Size(g.desiredCapacity(), inService);
  }

  @Override
  public ScaleOutcome scaleUp(int target) {
    AutoScalingGroup g = group();
    int clamped = Math.max(g.minSize(), Math.min(g.maxSize(), target));
    int desired = Math.max(clamped, g.desiredCapacity());
    String note =
        clamped != target
            ? "clamped to the group's "
                + (target > g.maxSize() ? "max " + g.maxSize() : "min " + g.minSize())
            : null;
    if (desired == g.desiredCapacity()) {
      return new ScaleOutcome(
          false, desired, note == null ? "already at desired " + desired : note);
    }
    try {
      asg.setDesiredCapacity(
          b -> b.autoScalingGroupName(name).desiredCapacity(desired).honorCooldown(false));
    } catch (AutoScalingException e) {
      throw translate("set desired capacity", e);
    }
    return new ScaleOutcome(true, desired, note);
  }

  @Override
  public ScaleOutcome scaleDown(
      int requested, int target, List<String> candidateHosts, String driverHost) {
    AutoScalingGroup g = group();
    // what is left to remove: a repeat of a scale-down that already happened removes nothing
    int count = Math.max(0, Math.min(requested, g.desiredCapacity() - target));
    if (count == 0) {
      return new ScaleOutcome(
          false,
          g.desiredCapacity(),
          "already at " + g.desiredCapacity() + " (target " + target + ")");
    }
    Map<String, Instance> inGroup =
        g.instances().stream().collect(Collectors.toMap(Instance::instanceId, Function.identity()));
    List<String> asked = new ArrayList<>(candidateHosts);
    if (driverHost != null && !asked.contains(driverHost)) {
      asked.add(driverHost);
    }
    Map<String, String> idByIp = instancesByPrivateIp(asked);
    int removable = Math.max(0, g.desiredCapacity() - g.minSize());
    List<String> terminated = new ArrayList<>();
    for (String host : candidateHosts) {
      if (terminated.size() >= Math.min(count, removable)) {
        break;
      }
      if (host.equals(driverHost)) {
        continue;
      }
      String id = idByIp.get(host);
      Instance instance = id == null ? null : inGroup.get(id);
      if (instance == null || !"InService".equals(instance.lifecycleStateAsString())) {
        continue; // not ours, or already leaving: repeating the activity is safe
      }
      try {
        asg.terminateInstanceInAutoScalingGroup(
            b -> b.instanceId(id).shouldDecrementDesiredCapacity(true));
      } catch (AutoScalingException e) {
        throw translate("terminate " + id, e);
      }
      terminated.add(id);
    }
    String driverNote = null;
    if (driverHost != null) {
      String driverId = idByIp.get(driverHost);
      driverNote =
          driverId != null && inGroup.containsKey(driverId)
              ? "driver's worker " + driverHost + " (" + driverId + ") protected"
              : "driver's worker (" + driverHost + ") not found: not protected";
    }
    String note =
        terminated.size() < count
            ? "removed "
                + terminated.size()
                + " of "
                + count
                + ": "
                + (removable < count
                    ? "the group's min is " + g.minSize()
                    : "only "
                        + terminated.size()
                        + " non-driver workers could be matched to instances")
            : null;
    return new ScaleOutcome(
        !terminated.isEmpty(),
        g.desiredCapacity() - terminated.size(),
        (note == null ? "" : note + "; ")
            + (driverNote == null ? "" : driverNote + "; ")
            + "terminated "
            + terminated);
  }

  private Map<String, String> instancesByPrivateIp(List<String> hosts) {
    if (hosts.isEmpty()) {
      return Map.of();
    }
    return ec2
        .describeInstances(
            b -> b.filters(Filter.builder().name("private-ip-address").values(hosts).build()))
        .reservations()
        .stream()
        .flatMap(r -> r.instances().stream())
        .filter(i -> i.privateIpAddress() != null)
        .collect(
            Collectors.toMap(
                software.amazon.awssdk.services.ec2.model.Instance::privateIpAddress,
                software.amazon.awssdk.services.ec2.model.Instance::instanceId,
                (a, b) -> a));
  }

  /** AWS's ValidationError (bad size, unknown group) is a config problem; the rest is retried. */
  private RuntimeException translate(String what, AutoScalingException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    if ("ValidationError".equals(code)) {
      return LogwiseFailures.badConfig(
          "Auto Scaling refused to " + what + " on '" + name + "': " + message);
    }
    return LogwiseFailures.unavailable(
        "Auto Scaling failed to " + what + " on '" + name + "': " + code + " " + message, e);
  }
}
