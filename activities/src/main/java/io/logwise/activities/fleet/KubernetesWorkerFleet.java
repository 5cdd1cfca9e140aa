package io.logwise.activities.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.scaling.FleetKind;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.List;

/**
 * A Kubernetes Deployment of Spark workers, scaled with {@code scale(int)}. Before a scale-down the
 * pod running the driver gets the highest {@code controller.kubernetes.io/pod-deletion-cost}, so
 * the ReplicaSet removes other pods first (the reference let Kubernetes pick, driver included).
 */
public final class KubernetesWorkerFleet implements WorkerFleet {

  static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  private final KubernetesClient k8s;
  private final String namespace;
  private final String deployment;

  public KubernetesWorkerFleet(KubernetesClient k8s, String namespace, String deployment) {
    this.k8s = k8s;
    this.namespace = namespace;
    this.deployment = deployment;
  }

  @Override
  public FleetKind type() {
    return FleetKind.KUBERNETES;
  }

  private Deployment get() {
    try {
      Deployment d = k8s.apps().deployments().inNamespace(namespace).withName(deployment).get();
      if (d == null) {
        throw LogwiseFailures.badConfig(
            "Deployment " + namespace + "/" + deployment + " does not exist");
      }
      return d;
    } catch (KubernetesClientException e) {
      throw LogwiseFailures.unavailable("Kubernetes: " + e.getMessage(), e);
    }
  }

  @Override
  public Size size() {
    Deployment d = get();
    Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
    return new Size(d.getSpec().getReplicas(), ready);
  }

  @Override
  public ScaleOutcome scaleUp(int target) {
    int current = get().getSpec().getReplicas();
    if (target <= current) {
      return new ScaleOutcome(false, current, "already at " + current + " replicas");
    }
    scale(target);
    return new ScaleOutcome(true, target, null);
  }

  @Override
  public ScaleOutcome scaleDown(
      int count, int floor, List<String> candidateHosts, String driverHost) {
    int current = get().getSpec().getReplicas();
    int target = Math.max(Math.max(0, current - count), Math.min(current, floor));
    if (target == current) {
      return new ScaleOutcome(false, current, "already at " + current + " replicas");
    }
    String note = null;
    if (driverHost != null) {
      note = protect(driverHost);
    }
    scale(target);
    return new ScaleOutcome(true, target, note);
  }

  /** Marks the driver's pod as the most expensive to delete; says what it did. */
  private String protect(String driverHost) {
    try {
      List<Pod> pods =
          k8s.pods().inNamespace(namespace).list().getItems().stream()
              .filter(p -> p.getStatus() != null && driverHost.equals(p.getStatus().getPodIP()))
              .toList();
      if (pods.isEmpty()) {
        return "driver's pod (" + driverHost + ") not found: not protected";
      }
      for (Pod p : pods) {
        k8s.pods()
            .inNamespace(namespace)
            .withName(p.getMetadata().getName())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\""
                    + DELETION_COST
                    + "\":\""
                    + Integer.MAX_VALUE
                    + "\"}}}");
      }
      return "driver's pod " + pods.get(0).getMetadata().getName() + " protected";
    } catch (KubernetesClientException e) {
      throw LogwiseFailures.unavailable("Kubernetes: " + e.getMessage(), e);
    }
  }

  private void scale(int replicas) {
    try {
      k8s.apps().deployments().inNamespace(namespace).withName(deployment).scale(replicas);
    } catch (KubernetesClientException e) {
      throw LogwiseFailures.unavailable("Kubernetes: " + e.getMessage(), e);
    }
  }
}
