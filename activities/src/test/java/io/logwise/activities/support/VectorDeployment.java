package io.logwise.activities.support;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Vector as Kubernetes runs it in the tests: Deployment {@code logwise/vector} (2 replicas) reading
 * its brokers from key {@code KAFKA_BROKERS} of ConfigMap {@code logwise/vector-kafka}.
 */
public final class VectorDeployment {

  private VectorDeployment() {}

  public static void create(KubernetesClient client, String brokers) {
    client
        .configMaps()
        .inNamespace("logwise")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("vector-kafka")
                .withNamespace("logwise")
                .endMetadata()
                .addToData("KAFKA_BROKERS", brokers)
                .addToData("OTHER", "kept")
                .build())
        .create();
    client
        .apps()
        .deployments()
        .inNamespace("logwise")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("vector")
                .withNamespace("logwise")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "vector")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "vector")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("vector")
                .withImage("timberio/vector:0.40.0-debian")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }
}
