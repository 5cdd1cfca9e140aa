package io.logwise.api.resources;

import io.logwise.api.workflows.Followed;
import io.logwise.workflows.retention.SyncResult;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An operation handed over to be followed: 202 with this body (and a {@code Location}) while it
 * runs; when followed to its end, 200 with {@code result} (the answer the call that started it
 * would have given).
 *
 * @param status {@code RUNNING} or {@code DONE}
 * @param follow where to ask again (the same as the {@code Location} header)
 */
public record OperationView(
    String tenant, String id, String run, String status, String follow, Object result) {

  /** 200 with the call's own answer when it finished, else 202 with the operation to follow. */
  static <R> Response answer(String tenant, Followed<R> f, Function<R, Object> view) {
    if (f instanceof Followed.Done<R> done) {
      return Response.ok(view.apply(done.result()), MediaType.APPLICATION_JSON_TYPE).build();
    }
    return running(tenant, (Followed.Running<R>) f);
  }

  /** What following an operation answers: 200 with its result in this envelope, or 202. */
  static Response followed(String tenant, Followed<?> f) {
    if (f instanceof Followed.Done<?> done) {
      Object result = done.result();
      return Response.ok(
              new OperationView(
                  tenant,
                  null,
                  null,
                  "DONE",
                  null,
                  result instanceof SyncResult s ? SyncResponse.from(s) : result),
              MediaType.APPLICATION_JSON_TYPE)
          .build();
    }
    return running(tenant, (Followed.Running<?>) f);
  }

  private static Response running(String tenant, Followed.Running<?> r) {
    String follow =
        "/api/v1/tenants/"
            + URLEncoder.encode(tenant, StandardCharsets.UTF_8)
            + "/operations/"
            + r.operationId()
            + "?run="
            + r.runId();
    return Response.status(202)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .location(URI.create(follow))
        .entity(new OperationView(tenant, r.operationId(), r.runId(), "RUNNING", follow, null))
        .build();
  }
}
