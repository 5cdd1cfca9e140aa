package io.logwise.activities.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.logwise.activities.fleet.ScalingActivitiesImpl;
import io.logwise.activities.support.TestTenants;
import io.logwise.workflows.scaling.MasterView;
import io.temporal.failure.ApplicationFailure;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads when the master cannot be reached: the address and what happened; and what
 * the scaling loop reads from {@code /json/}.
 */
class SparkMasterClientTest {

  /**
   * {@code /json/} as a Spark 4.2 master answers it (fields the client does not read left out): the
   * tenant's job, granted 3 executor cores, beside another application, and one that has finished.
   */
  private static final String JSON =
      """
      {"url": "spark://127.0.0.1:7077", "aliveworkers": 2, "cores": 4, "coresused": 4,
       "workers": [
         {"id": "worker-1", "host": "127.0.0.2", "port": 40001, "cores": 2, "coresused": 2,
          "state": "ALIVE"},
         {"id": "worker-2", "host": "127.0.0.3", "port": 40002, "cores": 2, "coresused": 2,
          "state": "ALIVE"}],
       "activeapps": [
         {"id": "app-1", "starttime": 1, "name": "logwise", "cores": 3, "user": "root",
          "memoryperexecutor": 512, "memoryperslave": 512, "submitdate": "x", "state": "RUNNING",
          "duration": 10},
         {"id": "app-2", "starttime": 2, "name": "other", "cores": 1, "user": "root",
          "memoryperexecutor": 512, "memoryperslave": 512, "submitdate": "x", "state": "RUNNING",
          "duration": 5}],
       "completedapps": [
         {"id": "app-0", "name": "logwise", "cores": 2, "state": "FINISHED"}],
       "activedrivers": [
         {"id": "driver-1", "starttime": "1", "state": "RUNNING", "cores": 1, "memory": 512,
          "submitdate": "x", "worker": "worker-1", "mainclass": "io.logwise.job.LogwiseJob"}],
       "completeddrivers": [],
       "status": "ALIVE"}
      """;

  @Test
  void theLoopReadsTheCoresTheMasterGrantsTheTenantsApplicationByItsName() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/json/",
        x -> {
          byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
    try {
      int port = server.getAddress().getPort();
      SparkMasterClient.Snapshot m =
          new SparkMasterClient(HttpClient.newHttpClient(), "127.0.0.1", port, port).snapshot();
      assertThat(m.apps())
          .extracting(SparkMasterClient.App::name)
          .containsExactly("logwise", "other");
      assertThat(m.grantedCores("logwise")).isEqualTo(3);
      assertThat(m.grantedCores("other")).isEqualTo(1);
      assertThat(m.grantedCores("nobody")).as("no such application runs").isNull();

      MasterView view =
          ScalingActivitiesImpl.masterView(
              TestTenants.withSpark(
                  "acme",
                  "acme-logs",
                  "{masterHost: 127.0.0.1, jarPath: 'file:/job.jar',"
                      + " mainClass: io.logwise.job.LogwiseJob}"),
              m);
      assertThat(view)
          .isEqualTo(new MasterView(2, "worker-1", "127.0.0.2", java.util.List.of("127.0.0.3"), 3));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aReplacedDriversApplicationStillRunningCountsBesideItsSuccessorsAndAFinishedOneDoesNot() {
    SparkMasterClient.Snapshot m =
        new SparkMasterClient.Snapshot(
            1,
            java.util.List.of(),
            java.util.List.of(),
            java.util.List.of(),
            java.util.List.of(
                new SparkMasterClient.App("app-1", "logwise", "RUNNING", 2),
                new SparkMasterClient.App("app-2", "logwise", "RUNNING", 1),
                new SparkMasterClient.App("app-3", "logwise", "WAITING", 4)));
    assertThat(m.grantedCores("logwise")).isEqualTo(3);
  }

  @Test
  void aClosedPortIsConnectionRefusedByThatAddressWithoutClassNames() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    SparkMasterClient client =
        new SparkMasterClient(HttpClient.newHttpClient(), "127.0.0.1", closed, closed);
    assertThatThrownBy(client::snapshot)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f ->
                assertThat(f.getOriginalMessage())
                    .isEqualTo(
                        "Spark master unreachable when asked to read /json/: connection refused by"
                            + " 127.0.0.1:"
                            + closed)
                    .doesNotContain("java.")
                    .doesNotContain("Exception"));
  }
}
