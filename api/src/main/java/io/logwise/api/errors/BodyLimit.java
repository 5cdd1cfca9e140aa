package io.logwise.api.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * The one limit on request bodies, for every route: {@link #MAX_BYTES} (1 MiB; the largest body any
 * route needs, a what-if with its batches, is a few KiB). A body declared larger is answered 413
 * {@code BODY_TOO_LARGE} before it is read — then {@link UnreadBodies} reads what the client still
 * sends (bounded) so that it gets the answer, not a reset. The entity stream is also shielded from
 * being closed by a body reader that gives up early (Jackson closes its source on a syntax error),
 * which left the rest unread and the connection reset before the answer reached the client.
 */
@PreMatching
@Priority(0)
public final class BodyLimit implements ContainerRequestFilter {

  /** The largest request body any route takes. */
  public static final long MAX_BYTES = 1 << 20;

  @Override
  public void filter(ContainerRequestContext request) {
    int declared = request.getLength();
    if (declared > MAX_BYTES) {
      request.abortWith(
          ErrorBody.response(
              413,
              "BODY_TOO_LARGE",
              "the request body is "
                  + declared
                  + " bytes; every route takes at most "
                  + MAX_BYTES
                  + " (1 MiB)"));
      return;
    }
    InputStream body = request.getEntityStream();
    if (body != null) {
      request.setEntityStream(
          new FilterInputStream(body) {
            @Override
            public void close() {
              // left open for UnreadBodies; the container closes the request
            }
          });
    }
  }
}
