package io.logwise.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.UUID;
import org.glassfish.jersey.server.model.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps everything that can go wrong to {@link ErrorBody}. Registered instead of Dropwizard's
 * default mappers, so no error ever leaves as HTML, plain text or a stack trace.
 */
public final class ErrorMappers {

  private static final Logger log = LoggerFactory.getLogger(ErrorMappers.class);

  private ErrorMappers() {}

  public static List<Object> all() {
    return List.of(
        new Api(), new Json(), new Violations(), new Web(), new Database(), new Unexpected());
  }

  /** Our own errors. */
  public static final class Api implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
      return ErrorBody.response(e.status(), e.code(), e.getMessage());
    }
  }

  /** Malformed or mistyped JSON bodies. */
  public static final class Json implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
      // the caller gets the field and what it must be; Jackson's words (class names) stay here
      log.debug("refused a request body: {}", e.getOriginalMessage());
      return ErrorBody.response(
          400, "MALFORMED_JSON", io.logwise.config.StrictJson.describe(e, "request body"));
    }
  }

  /** Bean-validation failures on parameters and bodies, every one listed. */
  public static final class Violations implements ExceptionMapper<JerseyViolationException> {
    @Override
    public Response toResponse(JerseyViolationException e) {
      Invocable invocable = e.getInvocable();
      List<String> details =
          e.getConstraintViolations().stream()
              .map(v -> ConstraintMessage.getMessage(v, invocable))
              .sorted()
              .toList();
      return ErrorBody.response(400, "INVALID_REQUEST", String.join("; ", details), details);
    }
  }

  /** JAX-RS's own errors: unknown path (404), wrong method (405), wrong media type (415). */
  public static final class Web implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String code = ErrorBody.codeFor(status);
      String message =
          status >= 500
              ? "internal error"
              : e.getMessage() == null ? "HTTP " + status : e.getMessage();
      if (status >= 500) {
        log.error("request failed with {}", status, e);
      }
      Response r = ErrorBody.response(status, code, message);
      String allow = e.getResponse().getHeaderString("Allow");
      return status == 405 && allow != null
          ? Response.fromResponse(r).header("Allow", allow).build()
          : r;
    }
  }

  /** The database is down or refused a query: the caller can retry later. */
  public static final class Database implements ExceptionMapper<org.jdbi.v3.core.JdbiException> {
    @Override
    public Response toResponse(org.jdbi.v3.core.JdbiException e) {
      log.warn("database error: {}", e.getMessage());
      return ErrorBody.response(503, "DATABASE_UNAVAILABLE", "the database cannot be reached");
    }
  }

  /** Anything else: logged with an id, answered without details. */
  public static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      String id = UUID.randomUUID().toString();
      log.error("unexpected error {}", id, e);
      return ErrorBody.response(500, "INTERNAL", "internal error (id " + id + ")");
    }
  }
}
