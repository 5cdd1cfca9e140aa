package io.logwise.api.errors;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class UnhealthyIs503Test {

  @Test
  void anUnhealthy500Becomes503AndOtherStatusesPassThrough() throws Exception {
    HttpServletResponse response = mock(HttpServletResponse.class);
    UnhealthyIs503.Wrapper wrapped = new UnhealthyIs503.Wrapper(response);

    wrapped.setStatus(500);
    wrapped.setStatus(200);
    wrapped.sendError(500, "unhealthy");

    verify(response).setStatus(503);
    verify(response).setStatus(200);
    verify(response).sendError(503, "unhealthy");
  }
}
