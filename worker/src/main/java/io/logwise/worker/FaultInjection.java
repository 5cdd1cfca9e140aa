package io.logwise.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite's crash point, off unless {@value #VARIABLE} is set: {@code ActivityType} or
 * {@code ActivityType@workflowId} halts the worker's JVM (exit 137, as {@code kill -9} would: no
 * shutdown hooks, nothing flushed) right after that activity's side effect happened and before
 * Temporal heard that it did — the worst moment for "exactly once". Never set it in production; the
 * worker says loudly at start when it is set.
 */
final class FaultInjection {

  static final String VARIABLE = "LOGWISE_FAULT_HALT_AFTER";

  private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

  private FaultInjection() {}

  /** The interceptor the variable asks for, or null when it is not set. */
  static WorkerInterceptor fromEnvironment() {
    String spec = System.getenv(VARIABLE);
    if (spec == null || spec.isBlank()) {
      return null;
    }
    int at = spec.indexOf('@');
    String type = at < 0 ? spec.trim() : spec.substring(0, at).trim();
    String workflowId = at < 0 ? null : spec.substring(at + 1).trim();
    log.warn(
        "*** FAULT INJECTION: this worker halts after activity {}{} (set by {}) ***",
        type,
        workflowId == null ? "" : " of " + workflowId,
        VARIABLE);
    return new WorkerInterceptorBase() {
      @Override
      public ActivityInboundCallsInterceptor interceptActivity(
          ActivityInboundCallsInterceptor next) {
        return new HaltAfter(next, type, workflowId);
      }
    };
  }

  private static final class HaltAfter extends ActivityInboundCallsInterceptorBase {

    private final String type;
    private final String workflowId;
    private ActivityInfo info;

    HaltAfter(ActivityInboundCallsInterceptor next, String type, String workflowId) {
      super(next);
      this.type = type;
      this.workflowId = workflowId;
    }

    @Override
    public void init(ActivityExecutionContext context) {
      info = context.getInfo();
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      ActivityOutput output = super.execute(input);
      if (info != null
          && type.equals(info.getActivityType())
          && (workflowId == null || workflowId.equals(info.getWorkflowId()))) {
        System.err.println(
            "FAULT INJECTION: halting after " + type + " of " + info.getWorkflowId());
        System.err.flush();
        Runtime.getRuntime().halt(137);
      }
      return output;
    }
  }
}
