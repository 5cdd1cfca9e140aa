package io.logwise.api.workflows;

/**
 * The answer of an operation that may outlast a request (a catalog sync, a sweep's dry run at
 * thousands of services): its result when it finished within the time the API waits, otherwise the
 * operation to follow ({@code GET /api/v1/tenants/{t}/operations/{id}?run=}). The operation goes on
 * in the workflow either way.
 */
public sealed interface Followed<R> {

  /** Finished: here is the result. */
  record Done<R>(R result) implements Followed<R> {}

  /**
   * Still running in the workflow's run {@code runId}, as the update {@code operationId}.
   *
   * @param operationId the update's id; its prefix names the operation ({@link Operations})
   */
  record Running<R>(String operationId, String runId) implements Followed<R> {}
}
