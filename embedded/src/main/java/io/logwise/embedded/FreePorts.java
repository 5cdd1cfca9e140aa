package io.logwise.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Finds free loopback ports and waits for servers to open theirs. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * A free loopback port for a server we start: {@link #pickBelowEphemeral}. A port from the
   * kernel's ephemeral range, free when we looked, could be taken before our server binds it by any
   * outgoing connection's local end (a CI run's {@code FaultSuiteIT}: Jetty "Failed to bind to
   * /127.0.0.1:42017" among Spark, Kafka and Temporal connections); below the range only another
   * server choosing its port can take it.
   */
  public static int pick() {
    return pickBelowEphemeral();
  }

  /** A port the kernel chose (port 0), when nothing below the ephemeral range is free. */
  private static int anyFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /**
   * A free loopback port below the kernel's ephemeral range, never one this JVM handed out before
   * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 by default), for a server that
   * picks ports of its own with port 0 after we chose ours: the Temporal dev server gives its
   * internal services ports from that range, and once gave one the HTTP port we had picked there
   * but not yet bound (its worker service then died with "address already in use" after the
   * frontend was serving). A port below the range is never handed out for port 0, so the two cannot
   * meet.
   */
  public static int pickBelowEphemeral() {
    int low = ephemeralLow();
    int from = Math.min(BELOW_FROM, low - 1000);
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(from, low);
      if (bindable(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    return anyFree();
  }

  /**
   * Ports this JVM has handed out: a stack picks all its ports before its servers bind them, so a
   * port free a moment ago may be one it already chose. Never handed out twice.
   */
  private static final java.util.Set<Integer> HANDED_OUT =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Where {@link #pickBelowEphemeral} starts: above the ports services usually listen on. */
  private static final int BELOW_FROM = 20_000;

  /** The first port the kernel hands out for port 0 (32768 when it cannot be read). */
  static int ephemeralLow() {
    try {
      String range =
          java.nio.file.Files.readString(
                  java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .trim();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > BELOW_FROM + 1000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static boolean isOpen(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
