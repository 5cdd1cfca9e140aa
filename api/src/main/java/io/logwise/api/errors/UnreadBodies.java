package io.logwise.api.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what is left of a request body before an error reply goes out. Requests are refused before
 * their body is read (a missing token, a tenant the token may not touch), and Jetty closes a
 * connection whose body was left unread: a client still sending the body then gets a reset instead
 * of the 401/403/404, and the listener retries what it should have been told to stop. Bounded: past
 * {@link #LIMIT} bytes the rest is left to Jetty, which closes the connection.
 */
@Priority(1)
public final class UnreadBodies implements ContainerResponseFilter {

  /**
   * The most read and thrown away per refused request: a body up to 8 MiB gets its answer (413 past
   * {@link BodyLimit#MAX_BYTES}); past that Jetty closes the connection.
   */
  static final int LIMIT = 8 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(UnreadBodies.class);

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400) {
      return;
    }
    try (InputStream body = request.getEntityStream()) {
      if (!request.hasEntity()) {
        return;
      }
      long skipped = 0;
      byte[] buffer = new byte[8192];
      int n;
      while (skipped < LIMIT && (n = body.read(buffer)) >= 0) {
        skipped += n;
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or the stream was consumed; Jetty deals with the connection
      LOG.debug("unread body of a refused request not drained: {}", e.toString());
    }
  }
}
