package io.logwise.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * moto's server (a Python package) as a child process on 127.0.0.1: S3, EC2 and Auto Scaling on one
 * port. Use credentials {@code test/test}, region {@code us-east-1}, path-style S3 access.
 */
public final class LocalMoto implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static LocalMoto shared;

  private final int port;
  private final ChildProcess process;

  private LocalMoto(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  /** One server per JVM for tests, stopped with the JVM. */
  public static synchronized LocalMoto shared() {
    if (shared == null) {
      shared = start(FreePorts.pick(), Path.of("target", "moto.log"));
    }
    return shared;
  }

  public static LocalMoto start(int port, Path log) {
    requireInstalled();
    try {
      ChildProcess child =
          ChildProcess.start(
              "moto",
              List.of(
                  "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port)),
              log);
      LocalMoto moto = new LocalMoto(port, child);
      child.awaitReady(moto::answers, Duration.ofSeconds(60));
      return moto;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start moto", e);
    }
  }

  /** Fails with install instructions when moto's server cannot be imported. */
  public static void requireInstalled() {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import moto, flask, flask_cors")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // python3 missing: same advice
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException(
        "moto's server is not installed: run `pip install 'moto[server]'` (python3 with moto,"
            + " flask and flask_cors)");
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Forgets every bucket, group and instance. */
  public void reset() {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered " + r.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean answers() {
    return ChildProcess.answers200(endpoint().resolve("/moto-api/"));
  }

  @Override
  public void close() {
    process.close();
  }
}
