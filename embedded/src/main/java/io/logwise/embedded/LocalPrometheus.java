package io.logwise.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Prometheus server (Debian's {@code prometheus} package, the binary started directly, never the
 * system service) on a free loopback port with a generated config scraping the given targets every
 * second; its data lives under {@code dir} and goes with it.
 */
public final class LocalPrometheus implements AutoCloseable {

  private final int port;
  private final ChildProcess process;

  private LocalPrometheus(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  /**
   * @param targets {@code host:port} of each {@code /metrics} endpoint to scrape
   */
  public static LocalPrometheus start(Path dir, List<String> targets) {
    Path binary = Path.of("/usr/bin/prometheus");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Prometheus is not installed: apt-get install -y prometheus (scripts/install-deps.sh)");
    }
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: vector
              static_configs:
                - targets: [%s]
          """
              .formatted(
                  targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))));
      int port = FreePorts.pick();
      ChildProcess child =
          ChildProcess.start(
              "prometheus",
              List.of(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port),
              dir.resolve("prometheus.log"));
      LocalPrometheus prometheus = new LocalPrometheus(port, child);
      child.awaitReady(prometheus::ready, Duration.ofSeconds(60));
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Prometheus", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private boolean ready() {
    return ChildProcess.answers200(endpoint().resolve("/-/ready"));
  }

  @Override
  public void close() {
    process.close();
  }
}
