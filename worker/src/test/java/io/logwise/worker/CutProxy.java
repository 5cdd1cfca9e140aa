package io.logwise.worker;

import io.logwise.embedded.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that can be cut: {@link #cut()} closes every connection through it and
 * stops listening (callers see resets, then "connection refused", as for a host that went away);
 * {@link #restore()} listens on the same port again. For the outage suite: a dependency goes away
 * without losing its state, as a network partition or a restart with durable storage would.
 */
final class CutProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  CutProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = FreePorts.pick();
    restore();
  }

  int port() {
    return port;
  }

  /** Listens again (after {@link #cut}). */
  synchronized void restore() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = s;
    Thread accept = new Thread(() -> accept(s), "cut-proxy-" + port);
    accept.setDaemon(true);
    accept.start();
  }

  /** Drops every connection and stops listening. */
  synchronized void cut() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return; // cut
      }
      Socket upstream;
      synchronized (this) {
        // a connection accepted while cut() ran would escape it (found by OutageIT in a full run:
        // a batch answered 202 with Temporal cut): it is kept only if the proxy still listens
        if (server != s) {
          close(client);
          return;
        }
        try {
          upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
          close(client);
          continue;
        }
        open.add(client);
        open.add(upstream);
      }
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // closed on either side
              } finally {
                close(from);
                close(to);
              }
            },
            "cut-proxy-pump-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
