package io.logwise.activities.support;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logwise.activities.kafka.KubernetesVectorRollout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays the Deployment controller that fabric8's mock server does not have: when a Deployment's
 * generation moves past the status with a new {@code logwise.io/kafka-rollout} key in its pod
 * template, it records a rollout (with the pod template's annotations and the ConfigMap data it
 * would start pods with), waits {@code rolloutMillis}, and then reports every replica updated and
 * available. {@code onRollout} lets a test act while a rollout is under way (e.g. kill the worker),
 * and {@code hold} keeps a rollout from finishing.
 */
public final class FakeRolloutController implements AutoCloseable {

  /** One rollout as the controller saw it start. */
  public record Rollout(long generation, Map<String, String> templateAnnotations) {}

  public final List<Rollout> rollouts = new CopyOnWriteArrayList<>();
  public final java.util.concurrent.atomic.AtomicInteger completed =
      new java.util.concurrent.atomic.AtomicInteger();
  public volatile boolean hold;
  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final long rolloutMillis;
  private final Consumer<Rollout> onRollout;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  private volatile long startedGeneration = -1;
  private volatile boolean currentIsRollout;
  private volatile String lastKey;
  private volatile long startedAt;

  public FakeRolloutController(
      KubernetesClient client,
      String namespace,
      String name,
      long rolloutMillis,
      Consumer<Rollout> onRollout) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.rolloutMillis = rolloutMillis;
    this.onRollout = onRollout;
    loop.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      var resource = client.apps().deployments().inNamespace(namespace).withName(name);
      Deployment d = resource.get();
      if (d == null || d.getMetadata().getGeneration() == null) {
        return;
      }
      long generation = d.getMetadata().getGeneration();
      Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
      if (observed != null && observed >= generation) {
        return;
      }
      if (startedGeneration != generation) {
        startedGeneration = generation;
        startedAt = System.currentTimeMillis();
        Map<String, String> annotations =
            d.getSpec().getTemplate().getMetadata() == null
                ? null
                : d.getSpec().getTemplate().getMetadata().getAnnotations();
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        String key = annotations.get(KubernetesVectorRollout.ANNOTATION);
        // a new generation without a new rollout key (the Deployment as created) is no rollout
        currentIsRollout = key != null && !key.equals(lastKey);
        lastKey = key;
        if (currentIsRollout) {
          Rollout r = new Rollout(generation, annotations);
          rollouts.add(r);
          onRollout.accept(r);
        }
      }
      if (currentIsRollout && (hold || System.currentTimeMillis() - startedAt < rolloutMillis)) {
        return;
      }
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      d.setStatus(
          new DeploymentStatusBuilder()
              .withObservedGeneration(generation)
              .withReplicas(replicas)
              .withUpdatedReplicas(replicas)
              .withAvailableReplicas(replicas)
              .withReadyReplicas(replicas)
              .build());
      resource.updateStatus(d);
      if (currentIsRollout) {
        completed.incrementAndGet();
      }
    } catch (RuntimeException e) {
      // the next tick tries again
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
