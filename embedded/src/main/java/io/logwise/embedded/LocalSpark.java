package io.logwise.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone master (with the REST submission server) and one worker, started as child
 * JVMs from the jars that {@code scripts/spark-runtime.sh} puts in {@code target/spark-home/jars}.
 * Spark stays off this JVM's classpath.
 */
public final class LocalSpark implements AutoCloseable {

  /** The flags Spark's own launcher passes on Java 17. */
  private static final List<String> OPENS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final int masterPort;
  private final int webPort;
  private final int restPort;
  private final ChildProcess master;
  private final ChildProcess worker; // null: a master alone, its workers started by the caller
  private final Path logDir;

  private LocalSpark(
      int masterPort,
      int webPort,
      int restPort,
      ChildProcess master,
      ChildProcess worker,
      Path logDir) {
    this.masterPort = masterPort;
    this.webPort = webPort;
    this.restPort = restPort;
    this.master = master;
    this.worker = worker;
    this.logDir = logDir;
  }

  /** The JVM options Spark 4 needs on Java 17 (its own module opens). */
  public static List<String> javaOptions() {
    return OPENS;
  }

  /**
   * Finds the Spark home: {@code -Dlogwise.sparkHome}, else {@code target/spark-home} up the tree.
   */
  public static Path sparkHome() {
    return runtimeHome("logwise.sparkHome", "spark-home", "jars", "spark-runtime.sh");
  }

  /**
   * A runtime fetched by {@code scripts/<script>}: {@code -D<property>}, else {@code target/<dir>}
   * here or one directory up, whichever has {@code <jars>/.complete}.
   */
  static Path runtimeHome(String property, String dir, String jars, String script) {
    String configured = System.getProperty(property);
    List<Path> candidates = new ArrayList<>();
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("target", dir));
    candidates.add(Path.of("..", "target", dir));
    for (Path p : candidates) {
      if (Files.exists(p.resolve(jars).resolve(".complete"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("no runtime in " + candidates + ": run scripts/" + script);
  }

  /** Starts a master and a worker with {@code workerCores} cores, logs under {@code logDir}. */
  public static LocalSpark start(Path logDir, int workerCores) {
    return start(logDir, workerCores, true);
  }

  /** Starts a master alone; its workers come from {@link #startWorker}. */
  public static LocalSpark startMaster(Path logDir) {
    return start(logDir, 0, false);
  }

  private static LocalSpark start(Path logDir, int workerCores, boolean withWorker) {
    try {
      return startOnce(logDir, workerCores, withWorker);
    } catch (IllegalStateException notReady) {
      // once more on fresh ports: a port picked free can be taken (or polled by a client of an
      // earlier master) before Spark binds it; a second failure is the caller's
      System.err.println(
          "spark: not ready, starting again on other ports: "
              + notReady.getMessage().lines().findFirst().orElse(""));
      return startOnce(
          logDir.resolveSibling(logDir.getFileName() + "-again"), workerCores, withWorker);
    }
  }

  private static LocalSpark startOnce(Path logDir, int workerCores, boolean withWorker) {
    Path home = sparkHome();
    String cp = home.resolve("jars") + "/*";
    int masterPort = FreePorts.pick();
    int webPort = FreePorts.pick();
    int restPort = FreePorts.pick();
    int workerWebPort = FreePorts.pick();
    try {
      Path dir = logDir.toAbsolutePath();
      Files.createDirectories(dir.resolve("work"));
      List<String> masterCmd = new ArrayList<>(List.of("java", "-Xmx512m"));
      masterCmd.addAll(OPENS);
      masterCmd.addAll(
          List.of(
              "-cp",
              cp,
              "-Dspark.master.rest.enabled=true",
              "-Dspark.master.rest.port=" + restPort,
              "-Dspark.master.rest.host=127.0.0.1",
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(masterPort),
              "--webui-port",
              String.valueOf(webPort)));
      ChildProcess master =
          ChildProcess.start("spark-master", masterCmd, dir.resolve("master.log"), env(home));
      ChildProcess worker = null;
      if (withWorker) {
        try {
          worker =
              workerProcess(
                  home,
                  "spark://127.0.0.1:" + masterPort,
                  "127.0.0.1",
                  workerWebPort,
                  workerCores,
                  "2g",
                  dir.resolve("work"),
                  dir.resolve("worker.log"));
        } catch (IOException e) {
          master.close();
          throw e;
        }
      }
      LocalSpark spark = new LocalSpark(masterPort, webPort, restPort, master, worker, dir);
      ChildProcess started = worker;
      try {
        master.awaitReady(
            () -> (!withWorker || spark.aliveWorkers() >= 1) && FreePorts.isOpen(restPort),
            Duration.ofSeconds(120));
      } catch (RuntimeException e) {
        spark.close();
        throw new IllegalStateException(
            e.getMessage() + (started == null ? "" : "\nworker log:\n" + started.tail()), e);
      }
      return spark;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Spark", e);
    }
  }

  private static ChildProcess workerProcess(
      Path home,
      String masterUrl,
      String host,
      int webPort,
      int cores,
      String memory,
      Path workDir,
      Path log)
      throws IOException {
    Files.createDirectories(workDir);
    List<String> workerCmd = new ArrayList<>(List.of("java", "-Xmx512m"));
    workerCmd.addAll(OPENS);
    workerCmd.addAll(
        List.of(
            "-cp",
            home.resolve("jars") + "/*",
            "org.apache.spark.deploy.worker.Worker",
            "--host",
            host,
            "--webui-port",
            String.valueOf(webPort),
            "--cores",
            String.valueOf(cores),
            "--memory",
            memory,
            "--work-dir",
            workDir.toString(),
            masterUrl));
    java.util.Map<String, String> env = new java.util.HashMap<>(env(home));
    env.put("SPARK_LOCAL_IP", host);
    return ChildProcess.start("spark-worker-" + host, workerCmd, log, env);
  }

  /** A worker process started by {@link #startWorker}. */
  public static final class Worker implements AutoCloseable {
    private final String host;
    private final ChildProcess process;

    private Worker(String host, ChildProcess process) {
      this.host = host;
      this.process = process;
    }

    /** The loopback address it runs on, which the master lists it by. */
    public String host() {
      return host;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Stops it as a machine's shutdown would (SIGTERM, then SIGKILL after 15 s). */
    @Override
    public void close() {
      process.close();
    }

    /** Kills it at once, as a lost machine. */
    public void kill() {
      process.kill();
    }
  }

  /**
   * Starts one more worker of this master on {@code host} (a loopback address of its own, e.g.
   * 127.0.0.3, so the master lists each worker by a host of its own, as machines), with {@code
   * cores} and {@code memory} (e.g. "1g"). It registers by itself; its log is beside the master's.
   */
  public Worker startWorker(String host, int cores, String memory) {
    return startWorker(masterUrl(), host, cores, memory, logDir);
  }

  /**
   * Starts a worker of the master at {@code masterUrl} (not one of ours) on {@code host}, its log
   * and work directory under {@code logDir}: the local worker fleet's processes.
   */
  public static Worker startWorker(
      String masterUrl, String host, int cores, String memory, Path logDir) {
    try {
      ChildProcess p =
          workerProcess(
              sparkHome(),
              masterUrl,
              host,
              FreePorts.pick(),
              cores,
              memory,
              logDir.toAbsolutePath().resolve("work-" + host),
              logDir.toAbsolutePath().resolve("worker-" + host + ".log"));
      return new Worker(host, p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a Spark worker on " + host, e);
    }
  }

  /** The master's URL, spark://127.0.0.1:port. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  private static java.util.Map<String, String> env(Path home) {
    return java.util.Map.of(
        "SPARK_HOME",
        home.toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_LOCAL_IP",
        "127.0.0.1");
  }

  /** {@code aliveworkers} from {@code /json/}, or -1 when the master does not answer. */
  public int aliveWorkers() {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = ALIVE_WORKERS.matcher(r.body());
      return r.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int masterPort() {
    return masterPort;
  }

  public int webPort() {
    return webPort;
  }

  public int restPort() {
    return restPort;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    master.close();
  }
}
