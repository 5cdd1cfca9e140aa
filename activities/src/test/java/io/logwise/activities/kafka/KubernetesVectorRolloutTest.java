package io.logwise.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.logwise.activities.support.FakeRolloutController;
import io.logwise.activities.support.VectorDeployment;
import io.logwise.workflows.kafka.MigrationActivities.VectorSwitchResult;
import io.logwise.workflows.kafka.VectorTarget;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Vector's ConfigMap and rolling restart against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesVectorRolloutTest {

  KubernetesClient client;
  private FakeRolloutController controller;
  private final VectorTarget.KubernetesTarget target =
      new VectorTarget.KubernetesTarget("logwise", "vector-kafka", "KAFKA_BROKERS", "vector");

  @BeforeEach
  void setUp() {
    VectorDeployment.create(client, "old-1:9092,old-2:9092");
    controller = new FakeRolloutController(client, "logwise", "vector", 300, r -> {});
  }

  @AfterEach
  void tearDown() {
    controller.close();
  }

  @Test
  void writesTheKeyRollsOnceAndWaitsForTheRollout() {
    KubernetesVectorRollout rollout =
        new KubernetesVectorRollout(client, target, Duration.ofSeconds(30));

    VectorSwitchResult r = rollout.apply("m1/switch", "new-1:9092");

    assertThat(r.changedConfig()).isTrue();
    assertThat(r.rolled()).isTrue();
    assertThat(r.instances()).isEqualTo(2);
    var cm = client.configMaps().inNamespace("logwise").withName("vector-kafka").get();
    assertThat(cm.getData())
        .containsEntry("KAFKA_BROKERS", "new-1:9092")
        .containsEntry("OTHER", "kept");
    assertThat(controller.rollouts).hasSize(1);
    assertThat(controller.rollouts.get(0).templateAnnotations())
        .containsEntry(KubernetesVectorRollout.ANNOTATION, "m1/switch");

    // the same key again (a retried activity): nothing is rolled a second time
    VectorSwitchResult again = rollout.apply("m1/switch", "new-1:9092");
    assertThat(again.changedConfig()).isFalse();
    assertThat(again.rolled()).isFalse();
    assertThat(controller.rollouts).hasSize(1);

    // a rollback is another key: a second rollout
    rollout.apply("m1/rollback", "old-1:9092,old-2:9092");
    assertThat(controller.rollouts).hasSize(2);
    assertThat(client.configMaps().inNamespace("logwise").withName("vector-kafka").get().getData())
        .containsEntry("KAFKA_BROKERS", "old-1:9092,old-2:9092");
  }

  @Test
  void aRolloutThatDoesNotFinishFailsRetryably() {
    controller.hold = true;
    KubernetesVectorRollout rollout =
        new KubernetesVectorRollout(client, target, Duration.ofSeconds(2));
    assertThatThrownBy(() -> rollout.apply("m1/switch", "new-1:9092"))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("did not finish within")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isFalse());
  }

  @Test
  void aMissingConfigMapIsABadConfiguration() {
    KubernetesVectorRollout rollout =
        new KubernetesVectorRollout(
            client,
            new VectorTarget.KubernetesTarget("logwise", "nope", "KAFKA_BROKERS", "vector"),
            Duration.ofSeconds(5));
    assertThatThrownBy(() -> rollout.apply("m1/switch", "new-1:9092"))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("ConfigMap logwise/nope does not exist")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
    assertThat(controller.rollouts).isEmpty();
  }
}
