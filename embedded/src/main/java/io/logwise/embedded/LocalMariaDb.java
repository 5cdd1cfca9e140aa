package io.logwise.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A MariaDB server from Debian's packages, started as a child process on 127.0.0.1 with its data in
 * a directory of ours. Install it with {@code scripts/install-deps.sh}. Starting twice on the same
 * directory is safe: a server left behind by a killed run is stopped first.
 */
public final class LocalMariaDb implements AutoCloseable {

  public static final String USER = "logwise";
  public static final String PASSWORD = "logwise";
  private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static LocalMariaDb shared;

  private final Path dataDir;
  private final Path socket;
  private final int port;
  private final ChildProcess process;

  private LocalMariaDb(Path dataDir, Path socket, int port, ChildProcess process) {
    this.dataDir = dataDir;
    this.socket = socket;
    this.port = port;
    this.process = process;
  }

  /** One server per JVM for tests, data under {@code target/mariadb}, stopped with the JVM. */
  public static synchronized LocalMariaDb shared() {
    if (shared == null) {
      shared = start(Path.of("target", "mariadb"), FreePorts.pick());
    }
    return shared;
  }

  public static LocalMariaDb start(Path baseDir, int port) {
    try {
      Path base = baseDir.toAbsolutePath();
      Path data = base.resolve("data");
      Files.createDirectories(base);
      // unix socket paths are limited to ~107 bytes, so keep it short and outside the tree
      Path socket =
          Path.of(System.getProperty("java.io.tmpdir"), "logwise-mariadb-" + port + ".sock");
      stopLeftover(base.resolve("mariadb.pid"));
      if (!Files.isDirectory(data.resolve("mysql"))) {
        Files.createDirectories(data);
        run(
            List.of(
                binary("mariadb-install-db"),
                "--no-defaults",
                "--datadir=" + data,
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db"),
            base.resolve("install-db.log"));
      }
      ChildProcess child =
          ChildProcess.start(
              "mariadb",
              List.of(
                  binary("mariadbd"),
                  "--no-defaults",
                  "--datadir=" + data,
                  "--socket=" + socket,
                  "--pid-file=" + base.resolve("mariadb.pid"),
                  "--port=" + port,
                  "--bind-address=127.0.0.1",
                  "--user=root",
                  "--skip-log-bin",
                  "--innodb-buffer-pool-size=64M",
                  "--character-set-server=utf8mb4",
                  "--collation-server=utf8mb4_bin"),
              base.resolve("mariadb.log"));
      LocalMariaDb db = new LocalMariaDb(base, socket, port, child);
      child.awaitReady(db::ping, Duration.ofSeconds(60));
      db.sql(
          "CREATE USER IF NOT EXISTS '"
              + USER
              + "'@'127.0.0.1' IDENTIFIED BY '"
              + PASSWORD
              + "'; GRANT ALL ON *.* TO '"
              + USER
              + "'@'127.0.0.1'; FLUSH PRIVILEGES;");
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start MariaDB", e);
    }
  }

  /** Creates the database if missing and returns its JDBC URL (MySQL Connector/J). */
  public String createDatabase(String name) {
    if (!DB_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad database name " + name);
    }
    sql("CREATE DATABASE IF NOT EXISTS `" + name + "`");
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?connectionTimeZone=UTC";
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  private boolean ping() {
    try {
      return run(
              List.of(
                  binary("mariadb-admin"), "--no-defaults", "--socket=" + socket, "-uroot", "ping"),
              null)
          == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private void sql(String statements) {
    try {
      int rc =
          run(
              List.of(
                  binary("mariadb"),
                  "--no-defaults",
                  "--socket=" + socket,
                  "-uroot",
                  "-e",
                  statements),
              dataDir.resolve("sql.log"));
      if (rc != 0) {
        throw new IllegalStateException(
            "MariaDB refused SQL (see " + dataDir.resolve("sql.log") + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int run(List<String> command, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(
        log == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return -1;
    }
  }

  private static void stopLeftover(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String pid = Files.readString(pidFile).trim();
    try {
      ProcessHandle.of(Long.parseLong(pid))
          .filter(h -> h.info().command().map(c -> c.contains("mariadbd")).orElse(false))
          .ifPresent(
              h -> {
                h.destroy();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
              });
    } catch (NumberFormatException e) {
      // not a pid: nothing to stop
    }
    Files.deleteIfExists(pidFile);
  }

  static String binary(String name) {
    List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin"));
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(0, List.of(path.split(":")));
    }
    for (String dir : dirs) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        name
            + " not found: MariaDB is not installed. Run scripts/install-deps.sh"
            + " (apt-get install -y mariadb-server).");
  }

  @Override
  public void close() {
    process.close();
  }
}
