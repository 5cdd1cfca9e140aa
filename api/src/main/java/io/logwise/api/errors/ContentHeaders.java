package io.logwise.api.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * Refuses {@code Content-Type} and {@code Accept} headers that cannot be honoured before anything
 * reads the body: an unknown charset used to be a 500 on routes that read text (what-if) and
 * silently ignored on routes that read JSON; an unparsable {@code Accept} was an empty 400.
 */
@PreMatching
@Priority(500)
public final class ContentHeaders implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (type != null && !type.isBlank()) {
      String problem = contentTypeProblem(type);
      if (problem != null) {
        request.abortWith(ErrorBody.response(415, "UNSUPPORTED_MEDIA_TYPE", problem));
        return;
      }
    }
    String accept = request.getHeaderString(HttpHeaders.ACCEPT);
    if (accept != null && !accept.isBlank()) {
      try {
        request.getAcceptableMediaTypes();
      } catch (RuntimeException e) {
        request.abortWith(
            ErrorBody.response(
                406,
                "NOT_ACCEPTABLE",
                "Accept '"
                    + shorten(accept)
                    + "' is not a list of media types; send application/json"));
      }
    }
  }

  static String contentTypeProblem(String header) {
    MediaType type;
    try {
      type = MediaType.valueOf(header);
    } catch (RuntimeException e) {
      return "Content-Type '" + shorten(header) + "' is not a media type; send application/json";
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null) {
      boolean known;
      try {
        known = Charset.isSupported(charset);
      } catch (IllegalCharsetNameException e) {
        known = false;
      }
      if (!known) {
        return "charset '" + shorten(charset) + "' is not supported; send UTF-8";
      }
    }
    return null;
  }

  private static String shorten(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }
}
