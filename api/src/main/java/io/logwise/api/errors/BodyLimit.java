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
    long declared = declaredLength(request.getHeaderString("Content-Length"));
    if (declared > MAX_BYTES) {
      request.abortWith(tooLarge(declared + " bytes"));
      return;
    }
    InputStream body = request.getEntityStream();
    if (body != null) {
      request.setEntityStream(new Counted(body));
    }
  }

  private static long declaredLength(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // Jetty refuses a malformed length before this filter
    }
  }

  private static jakarta.ws.rs.core.Response tooLarge(String size) {
    return ErrorBody.response(
        413,
        "BODY_TOO_LARGE",
        "the request body is " + size + "; every route takes at most " + MAX_BYTES + " (1 MiB)");
  }

  /**
   * Counts what is read (a chunked body declares no length) and stops past the limit with a 413;
   * never closes the request's stream (left for UnreadBodies; the container closes the request).
   */
  private static final class Counted extends FilterInputStream {
    private long read;

    Counted(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) {
      read += n;
      if (read > MAX_BYTES) {
        throw new jakarta.ws.rs.WebApplicationException(
            tooLarge("more than " + MAX_BYTES + " bytes"));
      }
    }

    @Override
    public void close() {
      // left open for UnreadBodies; the container closes the request
    }
  }
}
