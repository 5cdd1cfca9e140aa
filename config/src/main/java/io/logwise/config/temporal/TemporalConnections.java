package io.logwise.config.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.logwise.config.TemporalSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;

/** Builds Temporal connections whose SDK metrics land in our Micrometer registry. */
public final class TemporalConnections {

  private TemporalConnections() {}

  /**
   * For a caller that answers people (the API): a call to a Temporal that cannot be reached fails
   * within about {@link #CALLER_RETRY_FOR}, not after the SDK's minute of retries (a query to a
   * cut-off Temporal held its HTTP request past a minute).
   */
  public static WorkflowServiceStubs callerStubs(
      TemporalSettings settings, MeterRegistry registry) {
    return build(
        settings,
        registry,
        io.temporal.serviceclient.RpcRetryOptions.newBuilder()
            .setExpiration(CALLER_RETRY_FOR)
            .setMaximumInterval(java.time.Duration.ofSeconds(1))
            .validateBuildWithDefaults());
  }

  /** How long a caller's call retries an unreachable Temporal. */
  public static final java.time.Duration CALLER_RETRY_FOR = java.time.Duration.ofSeconds(5);

  /** Lazily connected: a process starts even while Temporal is down; health reports it. */
  public static WorkflowServiceStubs stubs(TemporalSettings settings, MeterRegistry registry) {
    return build(settings, registry, null);
  }

  private static WorkflowServiceStubs build(
      TemporalSettings settings,
      MeterRegistry registry,
      io.temporal.serviceclient.RpcRetryOptions retry) {
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(settings.getTarget())
            .setMetricsScope(scope);
    if (retry != null) {
      options.setRpcRetryOptions(retry);
    }
    if (!settings.isStickyExecution()) {
      options.setGrpcClientInterceptors(List.of(new NoStickyExecution()));
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalSettings settings) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.getNamespace()).build());
  }
}
