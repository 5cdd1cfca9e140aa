package io.logwise.api.errors;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's own error pages in the API's one error shape. Jetty answers some requests before Jersey
 * sees them — a URI it will not decode ({@code %25}, {@code %00}, {@code %ZZ}, an encoded {@code
 * /}), headers too large (431), a method the servlet layer refuses (TRACE) — and by default answers
 * them with HTML, plain text or its own JSON. These handlers answer {@code
 * {"error":{"code","message"}}} for every one, whatever the request's {@code Accept}; the message
 * is Jetty's reason phrase, never an exception text.
 */
public final class JsonErrorHandlers {

  private static final Logger log = LoggerFactory.getLogger(JsonErrorHandlers.class);

  private JsonErrorHandlers() {}

  /**
   * The methods a path takes, for the {@code Allow} header of a 405 that Jetty answers (a method
   * the servlet layer refuses, such as TRACE, never reaches Jersey, which would list them itself).
   * Set at start from the API's routes; an unknown path allows nothing.
   */
  private static volatile java.util.function.Function<String, String> allowed = path -> "";

  public static void allowedMethods(java.util.function.Function<String, String> byPath) {
    allowed = byPath;
  }

  /** For the server: errors before any context (bad URIs, bad messages). */
  public static org.eclipse.jetty.server.handler.ErrorHandler server() {
    return new ForServer();
  }

  /** For a servlet context: errors the servlet layer sends ({@code sendError}). */
  public static org.eclipse.jetty.ee10.servlet.ErrorHandler context() {
    return new ForContext();
  }

  static String message(int status, String reason) {
    String phrase = HttpStatus.getMessage(status);
    String why =
        reason == null
                || reason.isBlank()
                || reason.contains("Exception")
                || reason.equalsIgnoreCase(phrase)
            ? null
            : reason;
    return switch (status) {
      case 400 ->
          "the request cannot be read (its URI, a header or the body)"
              + (why == null ? "" : ": " + why);
      case 404 -> "no such path";
      case 405 -> "method not allowed";
      case 431 -> "request headers are too large (at most 8 KiB)";
      case 414 -> "request URI is too long";
      default -> why == null ? phrase : phrase + ": " + why;
    };
  }

  private static boolean writeJson(
      Request request, Response response, Callback callback, int code, String reason) {
    int status = code <= 0 ? 500 : code;
    if (status >= 500) {
      log.warn(
          "{} {} answered {} by Jetty",
          request.getMethod(),
          request.getHttpURI().getPath(),
          status);
    }
    String body = ErrorBody.json(ErrorBody.codeFor(status), message(status, reason));
    response.setStatus(status);
    if (status == 405) {
      response.getHeaders().put(HttpHeader.ALLOW, allowed.apply(request.getHttpURI().getPath()));
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "must-revalidate,no-cache,no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static ByteBuffer badMessage(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    String body = ErrorBody.json(ErrorBody.codeFor(status), message(status, reason));
    return ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
  }

  private static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
    // Jetty writes no body for methods other than GET, POST and HEAD; we do, for every one
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected boolean generateAcceptableResponse(
        Request request,
        Response response,
        Callback callback,
        String contentType,
        List<Charset> charsets,
        int code,
        String message,
        Throwable cause) {
      return JsonErrorHandlers.writeJson(request, response, callback, code, message);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      return badMessage(status, reason, fields);
    }
  }

  private static final class ForContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    // Jetty writes no body for methods other than GET, POST and HEAD; we do, for every one
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected boolean generateAcceptableResponse(
        Request request,
        Response response,
        Callback callback,
        String contentType,
        List<Charset> charsets,
        int code,
        String message,
        Throwable cause) {
      return JsonErrorHandlers.writeJson(request, response, callback, code, message);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      return badMessage(status, reason, fields);
    }
  }
}
