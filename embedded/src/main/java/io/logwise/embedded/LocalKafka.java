package io.logwise.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A single-node Kafka (KRaft: broker and controller in one process) on 127.0.0.1, from the jars of
 * {@code scripts/kafka-runtime.sh}, with its data under a directory of its own (emptied at start: a
 * fresh cluster per run). Topics are not created automatically, as in production.
 */
public final class LocalKafka implements AutoCloseable {

  private final ChildProcess broker;
  private final int port;

  private LocalKafka(ChildProcess broker, int port) {
    this.broker = broker;
    this.port = port;
  }

  /**
   * Finds the Kafka home: {@code -Dlogwise.kafkaHome}, else {@code target/kafka-home} up the tree.
   */
  public static Path kafkaHome() {
    return LocalSpark.runtimeHome("logwise.kafkaHome", "kafka-home", "libs", "kafka-runtime.sh");
  }

  /** Formats a fresh cluster under {@code dir} and starts it; returns once it takes connections. */
  public static LocalKafka start(Path dir) {
    Path home = kafkaHome();
    String cp = home.resolve("libs") + "/*";
    int port = FreePorts.pick();
    int controller = FreePorts.pick();
    try {
      Path d = dir.toAbsolutePath();
      deleteTree(d.resolve("data"));
      Files.createDirectories(d.resolve("data"));
      Path props = d.resolve("server.properties");
      Files.writeString(
          props,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controller,
              "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "inter.broker.listener.name=PLAINTEXT",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + d.resolve("data"),
              "num.partitions=1",
              "offsets.topic.replication.factor=1",
              "offsets.topic.num.partitions=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "share.coordinator.state.topic.replication.factor=1",
              "share.coordinator.state.topic.min.isr=1",
              "group.initial.rebalance.delay.ms=0",
              "auto.create.topics.enable=false",
              ""));
      Path log4j = d.resolve("log4j2.properties");
      Files.writeString(
          log4j,
          String.join(
              "\n",
              "rootLogger.level=WARN",
              "rootLogger.appenderRef.out.ref=out",
              "appender.out.type=Console",
              "appender.out.name=out",
              "appender.out.layout.type=PatternLayout",
              "appender.out.layout.pattern=%d %p %c{1}: %m%n",
              "logger.server.name=kafka.server.KafkaRaftServer",
              "logger.server.level=INFO",
              ""));
      String clusterId = clusterId(new SecureRandom());
      Process format =
          new ProcessBuilder(
                  "java",
                  "-Xmx256m",
                  "-cp",
                  cp,
                  "-Dlog4j2.configurationFile=" + log4j,
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  clusterId,
                  "-c",
                  props.toString())
              .redirectErrorStream(true)
              .redirectOutput(d.resolve("format.log").toFile())
              .start();
      if (format.waitFor() != 0) {
        throw new IllegalStateException(
            "kafka storage format failed: " + Files.readString(d.resolve("format.log")));
      }
      ChildProcess broker =
          ChildProcess.start(
              "kafka",
              List.of(
                  "java",
                  "-Xmx512m",
                  "-cp",
                  cp,
                  "-Dlog4j2.configurationFile=" + log4j,
                  "kafka.Kafka",
                  props.toString()),
              d.resolve("kafka.log"));
      LocalKafka kafka = new LocalKafka(broker, port);
      try {
        broker.awaitReady(() -> FreePorts.isOpen(port), Duration.ofSeconds(90));
      } catch (RuntimeException | Error e) {
        kafka.close();
        throw e;
      }
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Kafka under " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka's storage", e);
    }
  }

  /**
   * A random cluster id as Kafka writes them (16 bytes, URL-safe base64), never starting with
   * {@code -}: the storage tool's argument parser reads such an id as an option and refuses to
   * format (seen: CI failed once in 64 starts, which is that chance).
   */
  static String clusterId(SecureRandom random) {
    byte[] id = new byte[16];
    String s;
    do {
      random.nextBytes(id);
      s = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    } while (s.startsWith("-"));
    return s;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    broker.close();
  }
}
