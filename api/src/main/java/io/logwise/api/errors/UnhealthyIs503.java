package io.logwise.api.errors;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * The admin port's {@code /healthcheck} answers 503 when a check is unhealthy (the database is
 * down): Dropwizard's servlet answers 500, which reads as a bug in the server rather than "not
 * ready", and load balancers and Kubernetes treat the two differently.
 */
public final class UnhealthyIs503 implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (response instanceof HttpServletResponse http) {
      chain.doFilter(request, new Wrapper(http));
    } else {
      chain.doFilter(request, response);
    }
  }

  static final class Wrapper extends HttpServletResponseWrapper {
    Wrapper(HttpServletResponse response) {
      super(response);
    }

    private static int mapped(int status) {
      return status == SC_INTERNAL_SERVER_ERROR ? SC_SERVICE_UNAVAILABLE : status;
    }

    @Override
    public void setStatus(int sc) {
      super.setStatus(mapped(sc));
    }

    @Override
    public void sendError(int sc) throws IOException {
      super.sendError(mapped(sc));
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      super.sendError(mapped(sc), msg);
    }
  }
}
