package io.logwise.activities.support;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka cluster in this JVM (Kafka's own test kit), on a free loopback
 * port, with helpers to create topics and produce. Several can run in one test.
 */
public final class KafkaBrokers implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private KafkaBrokers(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static KafkaBrokers start() throws Exception {
    KafkaClusterTestKit c =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    c.format();
    c.startup();
    c.waitForReadyBrokers();
    return new KafkaBrokers(c);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  public KafkaProducer<String, String> producer() {
    return producer(bootstrapServers());
  }

  public static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Sends {@code n} records round-robin over the partitions and waits until all are written. */
  public void produce(String topic, int n) throws Exception {
    try (KafkaProducer<String, String> p = producer()) {
      for (int i = 0; i < n; i++) {
        p.send(new ProducerRecord<>(topic, null, "r" + i));
      }
      p.flush();
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
