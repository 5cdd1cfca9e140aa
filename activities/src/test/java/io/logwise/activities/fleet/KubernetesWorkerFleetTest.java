package io.logwise.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.logwise.workflows.scaling.ScaleOutcome;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Deployment fleet against fabric8's mock API server in CRUD mode: the fleet contract. */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkerFleetTest extends WorkerFleetContract {

  KubernetesClient client;
  private KubernetesWorkerFleet fleet;

  @BeforeEach
  void setUp() {
    client
        .apps()
        .deployments()
        .inNamespace("logwise")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("spark-worker")
                .withNamespace("logwise")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewSelector()
                .addToMatchLabels("app", "spark-worker")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "spark-worker")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("worker")
                .withImage("spark:4.2")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    for (int i = 1; i <= 3; i++) {
      client
          .pods()
          .inNamespace("logwise")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("spark-worker-" + i)
                  .addToLabels("app", "spark-worker")
                  .endMetadata()
                  .withNewStatus()
                  .withPodIP("10.0.0." + i)
                  .endStatus()
                  .build())
          .create();
    }
    fleet = new KubernetesWorkerFleet(client, "logwise", "spark-worker");
  }

  private int replicas() {
    return client
        .apps()
        .deployments()
        .inNamespace("logwise")
        .withName("spark-worker")
        .get()
        .getSpec()
        .getReplicas();
  }

  @Override
  WorkerFleet fleet() {
    return fleet;
  }

  @Override
  List<String> hosts() {
    return List.of("10.0.0.1", "10.0.0.2", "10.0.0.3");
  }

  @Override
  int desiredNow() {
    return replicas();
  }

  /** The Deployment removes the pods with the lowest deletion cost first. */
  @Override
  boolean keptForTheDriver(String host) {
    int i = hosts().indexOf(host) + 1;
    var annotations =
        client
            .pods()
            .inNamespace("logwise")
            .withName("spark-worker-" + i)
            .get()
            .getMetadata()
            .getAnnotations();
    return annotations != null
        && String.valueOf(Integer.MAX_VALUE)
            .equals(annotations.get(KubernetesWorkerFleet.DELETION_COST));
  }

  @Test
  void onlyTheDriversPodIsMadeExpensive() {
    ScaleOutcome o = fleet.scaleDown(2, 1, List.of("10.0.0.1", "10.0.0.3"), "10.0.0.2");
    assertThat(o.message()).contains("spark-worker-2 protected");
    assertThat(keptForTheDriver("10.0.0.1")).isFalse();
    assertThat(keptForTheDriver("10.0.0.3")).isFalse();
  }
}
