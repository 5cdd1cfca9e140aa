package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.logwise.config.ConfigLoader;
import io.logwise.config.LogwiseConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart {@code deploy/helm/logwise}: {@code helm lint} and {@code helm template}
 * (helm-java, Helm bundled) with several values files; the rendered manifests parsed into fabric8
 * model objects and applied to fabric8's mock API server in CRUD mode, then read back: probes,
 * secrets by reference only, security context, RBAC only for the Kubernetes fleet, PDBs, scrape
 * annotations, and the config the pods would run with passes Logwise's own validation.
 */
class HelmChartIT {

  private static final Path CHART = Path.of("..", "deploy", "helm", "logwise");
  private static KubernetesMockServer server;
  private static KubernetesClient k8s;

  @BeforeAll
  static void apiServer() {
    server = KubernetesCrud.start();
    k8s = server.createClient();
  }

  @AfterAll
  static void stop() {
    k8s.close();
    server.destroy();
  }

  private static String render(String namespace, Path values) {
    var t = new Helm(CHART).template().withName("lw").withNamespace(namespace);
    return (values == null ? t : t.withValuesFile(values)).call();
  }

  /** Parses the manifests and creates each in {@code namespace} of the mock API server. */
  private static List<HasMetadata> apply(String namespace, String manifests) {
    List<HasMetadata> items =
        k8s.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata item : items) {
      if (item.getKind().equals("ServiceMonitor")) {
        continue; // a CRD the mock server does not know; checked as parsed below
      }
      k8s.resource(item).inNamespace(namespace).create();
    }
    return items;
  }

  private static Container container(String namespace, String deployment) {
    Deployment d = k8s.apps().deployments().inNamespace(namespace).withName(deployment).get();
    assertThat(d).as(deployment).isNotNull();
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void lintPasses() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theDefaultsRenderAWorkerPoolAndTheApiWithProbesAndSecretsByReference() throws Exception {
    String manifests = render("defaults", null);
    List<HasMetadata> items = apply("defaults", manifests);
    assertThat(items).extracting(HasMetadata::getKind).doesNotContain("Secret", "Role");

    Container worker = container("defaults", "lw-logwise-worker");
    assertThat(worker.getArgs()).containsSequence("worker", "-c", "/etc/logwise/logwise.yml");
    assertThat(worker.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthcheck");
    assertThat(worker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthcheck");
    Container api = container("defaults", "lw-logwise-api");
    assertThat(api.getArgs()).containsExactly("api", "-c", "/etc/logwise/logwise.yml");
    assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthcheck");
    assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthcheck");
    for (Container c : List.of(worker, api)) {
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      for (EnvVar e : c.getEnv()) {
        if (e.getName().matches(".*(PASSWORD|TOKEN|SECRET|KEY).*")) {
          assertThat(e.getValue()).as(e.getName() + " is never inline").isNull();
          assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("logwise");
        }
      }
    }
    Deployment d =
        k8s.apps().deployments().inNamespace("defaults").withName("lw-logwise-worker").get();
    assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9464");
    assertThat(k8s.policy().v1().podDisruptionBudget().inNamespace("defaults").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("lw-logwise-worker", "lw-logwise-api");

    // the config the pods run with is a valid Logwise config once its variables are set
    ConfigMap cm = k8s.configMaps().inNamespace("defaults").withName("lw-logwise-config").get();
    Path file = Files.createTempFile(Path.of("target"), "helm-config-", ".yml");
    Files.writeString(file, cm.getData().get("logwise.yml"));
    LogwiseConfiguration config =
        ConfigLoader.load(
            file,
            Map.of(
                "LOGWISE_DB_PASSWORD", "from-the-secret",
                "LOGWISE_ADMIN_TOKEN", "from-the-secret-0123456789",
                "LOGWISE_DUTIES", "scale,retention"));
    assertThat(config.getWorker().duties())
        .containsExactlyInAnyOrder(
            io.logwise.workflows.Duty.SCALE, io.logwise.workflows.Duty.RETENTION);
    assertThat(manifests).doesNotContain("from-the-secret");
  }

  @Test
  void splitPoolsGetTheirDutiesAndTheKubernetesFleetItsRole() throws Exception {
    String manifests = render("split", CHART.resolve("ci/split-pools-values.yaml"));
    List<HasMetadata> items = apply("split", manifests);
    Container scale = container("split", "lw-logwise-scale");
    assertThat(scale.getEnv())
        .filteredOn(e -> e.getName().equals("LOGWISE_DUTIES"))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("scale");
    assertThat(container("split", "lw-logwise-rest").getEnv())
        .filteredOn(e -> e.getName().equals("LOGWISE_DUTIES"))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("supervise,retention,kafka,vector");
    assertThat(scale.getEnv())
        .filteredOn(e -> e.getName().startsWith("AWS_"))
        .extracting(e -> e.getValueFrom().getSecretKeyRef().getKey())
        .containsExactly("aws-access-key-id", "aws-secret-access-key");

    Role role = k8s.rbac().roles().inNamespace("split").withName("lw-logwise-fleet").get();
    assertThat(role.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).contains("deployments/scale");
              assertThat(r.getVerbs()).contains("patch");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).contains("pods");
              assertThat(r.getVerbs()).contains("patch");
            });
    assertThat(k8s.rbac().roleBindings().inNamespace("split").withName("lw-logwise-fleet").get())
        .isNotNull();
    // one replica: no PDB for the rest pool or the API
    assertThat(k8s.policy().v1().podDisruptionBudget().inNamespace("split").list().getItems())
        .extracting(PodDisruptionBudget::getMetadata)
        .extracting(m -> m.getName())
        .containsExactly("lw-logwise-scale");
    HasMetadata monitor =
        items.stream().filter(i -> i.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
  }

  @Test
  void minimalValuesAndNoServiceAccountOfItsOwn() {
    String manifests = render("minimal", CHART.resolve("ci/minimal-values.yaml"));
    List<HasMetadata> items = apply("minimal", manifests);
    assertThat(items)
        .extracting(HasMetadata::getKind)
        .doesNotContain("ServiceAccount", "PodDisruptionBudget");
    assertThat(
            k8s.apps()
                .deployments()
                .inNamespace("minimal")
                .withName("lw-logwise-api")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("logwise-ops");
  }

  @Test
  void aSecretValueInTheValuesIsRefused() throws Exception {
    Path values = Files.createTempFile(Path.of("target"), "helm-secret-", ".yaml");
    Files.writeString(
        values, "secrets:\n  existingSecret: logwise\n  dbPassword: hunter2-canary\n");
    assertThatThrownBy(() -> render("refused", values))
        .hasMessageContaining("dbPassword")
        .hasMessageContaining("Additional property dbPassword is not allowed");
  }
}
