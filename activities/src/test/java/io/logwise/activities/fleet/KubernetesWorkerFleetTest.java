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

/** The Deployment fleet against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkerFleetTest {

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

  @Test
  void upscaleSetsReplicasAndNeverLowersThem() {
    assertThat(fleet.size().desired()).isEqualTo(3);
    assertThat(fleet.scaleUp(5)).isEqualTo(new ScaleOutcome(true, 5, null));
    assertThat(replicas()).isEqualTo(5);
    assertThat(fleet.scaleUp(4).changed()).isFalse();
    assertThat(replicas()).isEqualTo(5);
  }

  @Test
  void downscaleProtectsTheDriversPodFirst() {
    ScaleOutcome o = fleet.scaleDown(2, 1, List.of("10.0.0.1", "10.0.0.3"), "10.0.0.2");

    assertThat(o.desired()).isEqualTo(1);
    assertThat(o.message()).contains("spark-worker-2 protected");
    assertThat(replicas()).isEqualTo(1);
    assertThat(
            client
                .pods()
                .inNamespace("logwise")
                .withName("spark-worker-2")
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry(KubernetesWorkerFleet.DELETION_COST, String.valueOf(Integer.MAX_VALUE));
    assertThat(
            client
                .pods()
                .inNamespace("logwise")
                .withName("spark-worker-1")
                .get()
                .getMetadata()
                .getAnnotations())
        .isNullOrEmpty();
  }

  /** The activity retried after it had scaled (a crash or a lost answer) scaled down again. */
  @Test
  void aRepeatedScaleDownNeverGoesBelowItsTarget() {
    fleet.scaleDown(2, 1, List.of(), null);
    assertThat(replicas()).isEqualTo(1);
    ScaleOutcome retried = fleet.scaleDown(2, 1, List.of(), null);
    assertThat(retried.changed()).isFalse();
    assertThat(replicas()).as("still the target").isEqualTo(1);
  }

  @Test
  void anUnknownDriverPodIsSaidNotSilentlyIgnored() {
    ScaleOutcome o = fleet.scaleDown(1, 2, List.of(), "10.9.9.9");
    assertThat(o.message()).contains("not found: not protected");
    assertThat(replicas()).isEqualTo(2);
  }
}
