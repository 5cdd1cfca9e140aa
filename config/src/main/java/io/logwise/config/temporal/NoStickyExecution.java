package io.logwise.config.temporal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;

/**
 * Drops the sticky-queue attributes from completed workflow tasks, so the server always puts a
 * workflow's next task on the normal task queue. Needed against Temporal's Java test server: it
 * routes tasks to a worker's sticky queue and never falls back to the normal queue when that worker
 * is gone (a real server does after a few seconds), so a restarted worker found its workflows stuck
 * for good. The Java SDK always asks for sticky execution, even with a workflow cache of 0, hence
 * the interceptor. Costs a full history replay per task: for the embedded server only.
 */
final class NoStickyExecution implements ClientInterceptor {

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      @SuppressWarnings("unchecked")
      public void sendMessage(Q message) {
        if (message instanceof RespondWorkflowTaskCompletedRequest r && r.hasStickyAttributes()) {
          message = (Q) r.toBuilder().clearStickyAttributes().build();
        }
        super.sendMessage(message);
      }
    };
  }
}
