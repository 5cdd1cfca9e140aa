package io.logwise.worker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logwise.activities.support.KafkaBrokers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Vector's pods as producers of sequence-numbered records to two log topics. Each pod reads its
 * brokers from the ConfigMap key: pod 0 as soon as the key changes, pod 1 only when {@code
 * rolledOut} says its replacement is running, so during a rollout both clusters receive records, as
 * they do in a real rolling update. Every record sent is acknowledged before it counts.
 */
final class VectorStandIn implements AutoCloseable {

  final AtomicLong sent = new AtomicLong();
  private final AtomicLong seq = new AtomicLong();
  private final List<Pod> pods = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  VectorStandIn(
      KubernetesClient k8s,
      String namespace,
      String configMap,
      String key,
      BooleanSupplier rolledOut) {
    pods.add(new Pod(0, () -> brokers(k8s, namespace, configMap, key), () -> true));
    pods.add(new Pod(1, () -> brokers(k8s, namespace, configMap, key), rolledOut));
    pods.forEach(p -> p.thread.start());
  }

  private static String brokers(
      KubernetesClient k8s, String namespace, String configMap, String key) {
    return k8s.configMaps().inNamespace(namespace).withName(configMap).get().getData().get(key);
  }

  /** Stops producing; returns once every pod has flushed. */
  void stop() throws InterruptedException {
    running = false;
    for (Pod p : pods) {
      p.thread.join(30_000);
    }
  }

  /** Records acknowledged by a broker. */
  long produced() {
    return sent.get();
  }

  /** Sequence numbers handed out: every one of them must be consumed exactly once. */
  long issued() {
    return seq.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** One Vector pod. */
  private final class Pod {
    final Thread thread;
    private final java.util.function.Supplier<String> config;
    private final BooleanSupplier mayReload;

    Pod(int n, java.util.function.Supplier<String> config, BooleanSupplier mayReload) {
      this.config = config;
      this.mayReload = mayReload;
      this.thread = new Thread(this::run, "vector-stand-in-" + n);
      thread.setDaemon(true);
    }

    private void run() {
      String brokers = config.get();
      KafkaProducer<String, String> producer = KafkaBrokers.producer(brokers);
      try {
        while (running) {
          String wanted = config.get();
          if (!wanted.equals(brokers) && mayReload.getAsBoolean()) {
            producer.flush();
            producer.close();
            brokers = wanted;
            producer = KafkaBrokers.producer(brokers);
          }
          for (int i = 0; i < 20; i++) {
            long s = seq.getAndIncrement();
            String topic = s % 2 == 0 ? "logs.checkout" : "logs.payments";
            producer.send(
                new ProducerRecord<>(topic, String.valueOf(s)),
                (meta, error) -> {
                  if (error == null) {
                    sent.incrementAndGet();
                  } else {
                    System.err.println("vector stand-in lost record " + s + ": " + error);
                  }
                });
          }
          producer.flush();
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        producer.flush();
        producer.close();
      }
    }
  }
}
