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

  /** Lazily connected: a process starts even while Temporal is down; health reports it. */
  public static WorkflowServiceStubs stubs(TemporalSettings settings, MeterRegistry registry) {
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(settings.getTarget())
            .setMetricsScope(scope);
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
