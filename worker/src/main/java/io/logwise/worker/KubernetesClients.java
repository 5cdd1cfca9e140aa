package io.logwise.worker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The worker's one Kubernetes client, built on first use from in-cluster config or kubeconfig (so a
 * worker that never touches Kubernetes never needs it), shared by the Spark worker fleet and the
 * Vector rollouts.
 */
final class KubernetesClients implements AutoCloseable {

  private KubernetesClient client;

  synchronized KubernetesClient get() {
    if (client == null) {
      client = new KubernetesClientBuilder().build();
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
