package io.logwise.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A server started as a child process, its output in a log file, stopped with the JVM. */
final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private final Path pidFile;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFileOf(log);
    this.shutdownHook = new Thread(this::destroy, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static ChildProcess start(String name, List<String> command, Path log) throws IOException {
    return start(name, command, log, java.util.Map.of());
  }

  static ChildProcess start(
      String name, List<String> command, Path log, java.util.Map<String, String> env)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Path pidFile = pidFileOf(log);
    stopLeftover(pidFile, String.join(" ", command));
    ChildProcess child = new ChildProcess(name, pb.start(), log);
    Files.writeString(pidFile, child.process.pid() + "\n" + String.join(" ", command) + "\n");
    return child;
  }

  /** {@code <log>.pid}: the child's pid and command, removed when it is stopped. */
  static Path pidFileOf(Path log) {
    return log.resolveSibling(log.getFileName() + ".pid");
  }

  /**
   * A child left running by a parent that was killed (kill -9 skips the shutdown hook): stopped
   * before a new one takes its place, but only if that pid still runs the same command, so a reused
   * pid is never touched. Returns whether one was stopped.
   */
  static boolean stopLeftover(Path pidFile, String command) throws IOException {
    if (!Files.exists(pidFile)) {
      return false;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Files.deleteIfExists(pidFile);
    if (lines.size() < 2 || !lines.get(1).equals(command)) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return false;
    }
    java.util.Optional<ProcessHandle> leftover =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(h -> h.info().commandLine().map(c -> c.contains(command)).orElse(false));
    if (leftover.isEmpty()) {
      return false;
    }
    leftover.get().destroy();
    try {
      leftover.get().onExit().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      leftover.get().destroyForcibly();
    }
    return true;
  }

  private static final java.net.http.HttpClient HTTP =
      java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Whether a GET of {@code uri} answers 200 within two seconds: a readiness check. */
  static boolean answers200(java.net.URI uri) {
    try {
      return HTTP.send(
                  java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until {@code ready} holds, failing early (with the log's tail) if the process dies. */
  void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before it was ready:\n" + tail());
      }
      if (ready.getAsBoolean()) {
        return;
      }
      sleep(200);
    }
    destroy();
    throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail());
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** Stops it as {@code kill -9} would: no chance to flush or clean up (its pid file stays). */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void destroy() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // a stale pid file is checked against the command before anything is stopped
    }
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
