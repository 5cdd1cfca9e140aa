package io.logwise.worker;

import io.logwise.activities.spark.TestDriverJar;
import io.logwise.embedded.LocalSpark;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.spark.SupervisorState;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A real Spark master and worker, Temporal's test server, MariaDB, moto and the Logwise worker,
 * wired by a YAML config with one tenant per given main class. Shared by the Spark end-to-end test
 * and the detection benchmark.
 */
final class SparkStack implements AutoCloseable {

  final LocalSpark spark;
  final WorkflowClient client;
  final String jdbcUrl;
  final String bucket;
  private final LogwiseStack stack;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * @param tenants tenant name to the main class of its driver
   * @param sparkExtras more {@code spark:} keys for every tenant
   */
  SparkStack(Map<String, String> tenants, String sparkExtras) throws Exception {
    spark =
        LocalSpark.start(
            Path.of("target", "spark-e2e-" + UUID.randomUUID().toString().substring(0, 6)), 6);
    bucket = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    Path jar = TestDriverJar.build();
    StringBuilder yaml = new StringBuilder("auth: {enabled: false}\ntenants:\n");
    tenants.forEach(
        (name, mainClass) ->
            yaml.append(
                String.format(
                    """
                      - name: %s
                        spark: {masterHost: 127.0.0.1, masterWebPort: %d, restPort: %d, masterPort: %d, jarPath: 'file:%s', mainClass: %s,
                                clientSparkVersion: '4.2.0', driverMemory: 512m, executorMemory: 512m, %s}
                        kafka: {bootstrapServers: '127.0.0.1:9092'}
                        objectStore: {bucket: %s, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
                    """,
                    name,
                    spark.webPort(),
                    spark.restPort(),
                    spark.masterPort(),
                    jar,
                    mainClass,
                    sparkExtras,
                    bucket)));
    stack = LogwiseStack.workerOnly("spark-e2e", yaml.toString(), null);
    stack.closeLater(spark);
    stack.start();
    jdbcUrl = stack.jdbcUrl();
    client = stack.client();
  }

  SparkSupervisorWorkflow supervisor(String tenant) {
    return client.newWorkflowStub(
        SparkSupervisorWorkflow.class, WorkflowIds.sparkSupervisor(tenant));
  }

  SupervisorState awaitState(String tenant, Predicate<SupervisorState> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    SupervisorState last = supervisor(tenant).state();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("state not reached within " + timeout + ": " + last);
      }
      Thread.sleep(200);
      last = supervisor(tenant).state();
    }
    return last;
  }

  /** Kills a driver behind the supervisor's back, through Spark's REST API. */
  void killBehindItsBack(String submissionId) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + spark.restPort()
                            + "/v1/submissions/kill/"
                            + submissionId))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (!r.body().contains("\"success\" : true")) {
      throw new AssertionError("kill refused: " + r.body());
    }
  }

  /** Active drivers on the master whose main class is {@code mainClass}. */
  long activeDriversOf(String mainClass) throws Exception {
    String json =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + spark.webPort() + "/json/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    int from = json.indexOf("\"activedrivers\"");
    int to = json.indexOf("]", from);
    String active = json.substring(from, to);
    return active.split("\"mainclass\" : \"" + mainClass.replace(".", "\\.") + "\"", -1).length - 1;
  }

  @Override
  public void close() {
    stack.close();
  }
}
