package io.logwise.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.logwise.activities.Heartbeats;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.kafka.MigrationActivities.VectorSwitchResult;
import io.logwise.workflows.kafka.VectorTarget;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Vector as a Kubernetes Deployment that reads its brokers from a ConfigMap key: the key is set by
 * a JSON merge patch, then the pod template gets the annotation {@code logwise.io/kafka-rollout =
 * <key>}, which makes the Deployment roll its pods (like {@code kubectl rollout restart}, but
 * keyed: a template that already carries the key is not rolled again). Done when the rollout is
 * complete: the controller has seen the new generation and every replica is updated and available.
 */
public final class KubernetesVectorRollout implements VectorRollout {

  public static final String ANNOTATION = "logwise.io/kafka-rollout";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final VectorTarget.KubernetesTarget target;
  private final Duration rolloutTimeout;

  public KubernetesVectorRollout(
      KubernetesClient client, VectorTarget.KubernetesTarget target, Duration rolloutTimeout) {
    this.client = client;
    this.target = target;
    this.rolloutTimeout = rolloutTimeout;
  }

  @Override
  public VectorSwitchResult apply(String rolloutKey, String bootstrapServers) {
    try {
      boolean changed = writeConfig(bootstrapServers);
      boolean rolled = roll(rolloutKey);
      int replicas = awaitRolledOut();
      return new VectorSwitchResult(
          changed,
          rolled,
          replicas,
          "Deployment "
              + target.namespace()
              + "/"
              + target.deployment()
              + ": "
              + replicas
              + " pod(s) run with "
              + target.key()
              + "="
              + bootstrapServers
              + (rolled ? "" : " (rollout had already been started)"));
    } catch (KubernetesClientException e) {
      throw LogwiseFailures.unavailable(
          "Kubernetes: " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()),
          e);
    }
  }

  private boolean writeConfig(String bootstrapServers) {
    var resource = client.configMaps().inNamespace(target.namespace()).withName(target.configMap());
    ConfigMap cm = resource.get();
    if (cm == null) {
      throw LogwiseFailures.badConfig(
          "ConfigMap " + target.namespace() + "/" + target.configMap() + " does not exist");
    }
    String now = cm.getData() == null ? null : cm.getData().get(target.key());
    if (bootstrapServers.equals(now)) {
      return false;
    }
    resource.patch(
        PatchContext.of(PatchType.JSON_MERGE),
        json(Map.of("data", Map.of(target.key(), bootstrapServers))));
    return true;
  }

  private boolean roll(String rolloutKey) {
    var resource =
        client.apps().deployments().inNamespace(target.namespace()).withName(target.deployment());
    Deployment d = resource.get();
    if (d == null) {
      throw LogwiseFailures.badConfig(
          "Deployment " + target.namespace() + "/" + target.deployment() + " does not exist");
    }
    Map<String, String> annotations =
        d.getSpec().getTemplate().getMetadata() == null
            ? null
            : d.getSpec().getTemplate().getMetadata().getAnnotations();
    if (annotations != null && rolloutKey.equals(annotations.get(ANNOTATION))) {
      return false;
    }
    resource.patch(
        PatchContext.of(PatchType.JSON_MERGE),
        json(
            Map.of(
                "spec",
                Map.of(
                    "template",
                    Map.of("metadata", Map.of("annotations", Map.of(ANNOTATION, rolloutKey)))))));
    return true;
  }

  /** Waits for the controller to finish the rollout; answers the replica count. */
  private int awaitRolledOut() {
    var resource =
        client.apps().deployments().inNamespace(target.namespace()).withName(target.deployment());
    long deadline = System.nanoTime() + rolloutTimeout.toNanos();
    while (true) {
      Deployment d = resource.get();
      int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      DeploymentStatus st = d.getStatus();
      if (rolledOut(d, wanted)) {
        return wanted;
      }
      Heartbeats.beat(
          "rolling: "
              + (st == null ? 0 : orZero(st.getUpdatedReplicas()))
              + "/"
              + wanted
              + " updated, "
              + (st == null ? 0 : orZero(st.getAvailableReplicas()))
              + " available");
      if (System.nanoTime() > deadline) {
        throw LogwiseFailures.unavailable(
            "the rollout of Deployment "
                + target.namespace()
                + "/"
                + target.deployment()
                + " did not finish within "
                + rolloutTimeout.toMinutes()
                + " min",
            null);
      }
      Sleeps.sleep(Duration.ofSeconds(1));
    }
  }

  static boolean rolledOut(Deployment d, int wanted) {
    DeploymentStatus st = d.getStatus();
    return st != null
        && st.getObservedGeneration() != null
        && d.getMetadata().getGeneration() != null
        && st.getObservedGeneration() >= d.getMetadata().getGeneration()
        && orZero(st.getUpdatedReplicas()) == wanted
        && orZero(st.getAvailableReplicas()) == wanted
        && orZero(st.getReplicas()) == wanted;
  }

  private static int orZero(Integer i) {
    return Objects.requireNonNullElse(i, 0);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
