package io.logwise.embedded;

import io.temporal.testserver.TestServer;

/**
 * Temporal's Java test server as a standalone gRPC frontend in this JVM, with time skipping off:
 * timers run in real time, and an external {@code temporal} CLI or a second worker can connect. It
 * keeps everything in memory; stopping it forgets every workflow.
 */
public final class LocalTemporal implements AutoCloseable {

  private final int port;
  private final TestServer.PortBoundTestServer server;

  private LocalTemporal(int port, TestServer.PortBoundTestServer server) {
    this.port = port;
    this.server = server;
  }

  public static LocalTemporal start(int port) {
    if (FreePorts.isOpen(port)) {
      throw new IllegalStateException(
          "port "
              + port
              + " is taken: another Temporal server is running there (point --temporal-address"
              + " at it, or pick another --temporal-port)");
    }
    return new LocalTemporal(port, TestServer.createPortBoundServer(port, true));
  }

  /** The gRPC target, e.g. {@code 127.0.0.1:7233}. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
