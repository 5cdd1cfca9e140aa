package io.logwise.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The one error shape every API response uses. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@io.swagger.v3.oas.annotations.media.Schema(
    description = "every error the API answers: {\"error\":{\"code\",\"message\",\"details\"?}}")
public record ErrorBody(Error error) {

  /** Code, message and (for validation failures) every problem found. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Error(String code, String message, List<String> details) {}

  /** The code for an HTTP status the server answers without a more specific one. */
  public static String codeFor(int status) {
    return switch (status) {
      case 400 -> "INVALID_REQUEST";
      case 401 -> "UNAUTHORIZED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 408 -> "REQUEST_TIMEOUT";
      case 413 -> "BODY_TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 431 -> "HEADERS_TOO_LARGE";
      case 503 -> "UNAVAILABLE";
      default -> status >= 500 ? "INTERNAL" : "HTTP_" + status;
    };
  }

  /** The body as JSON text, for writers that have no object mapper (Jetty's error handler). */
  public static String json(String code, String message) {
    return "{\"error\":{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

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
