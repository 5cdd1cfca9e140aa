package io.logwise.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The one error shape every API response uses. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(Error error) {

  /** Code, message and (for validation failures) every problem found. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Error(String code, String message, List<String> details) {}

  public static Response response(int status, String code, String message) {
    return response(status, code, message, List.of());
  }

  public static Response response(int status, String code, String message, List<String> details) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(new Error(code, message, details)))
        .build();
  }
}
