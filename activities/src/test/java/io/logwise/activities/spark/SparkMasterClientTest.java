package io.logwise.activities.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/** What an operator reads when the master cannot be reached: the address and what happened. */
class SparkMasterClientTest {

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
