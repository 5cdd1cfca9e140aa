package io.logwise.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Ports for servers that pick ports of their own: the Temporal dev server gave an internal service
 * the HTTP port we had picked from the ephemeral range but not yet bound, and its worker service
 * died (a CI run's {@code PlannedEventsIT}).
 */
class FreePortsTest {

  @Test
  void aPortBelowTheEphemeralRangeIsFreeAndNeverOneThePortZeroAllocatorHandsOut() throws Exception {
    int low = FreePorts.ephemeralLow();
    for (int i = 0; i < 20; i++) {
      int port = FreePorts.pickBelowEphemeral();
      assertThat(port).isBetween(20_000, low - 1);
      try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(bound.getLocalPort()).isEqualTo(port);
      }
      // what a server binding port 0 gets is in the range, so never this one
      try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        assertThat(any.getLocalPort()).isGreaterThanOrEqualTo(low).isNotEqualTo(port);
      }
    }
  }

  /**
   * A CI run's {@code FaultSuiteIT}: Jetty could not bind 42017, a port picked from the ephemeral
   * range and taken, before the server started, by one of the many connections the stack opens.
   */
  @Test
  void everyPickIsBelowTheEphemeralRangeAndNoPortIsHandedOutTwice() {
    int low = FreePorts.ephemeralLow();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 300; i++) {
      int port = FreePorts.pick();
      assertThat(port).isBetween(20_000, low - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }
}
