package io.logwise.workflows.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.vector.VectorPolicy;
import io.logwise.policy.vector.VectorPolicy.Why;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.scaling.ScaleOutcome;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Minutes of simulated time against a fake Vector fleet whose CPU the test sets. */
public class VectorScalerWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(VectorScalerWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  /** A fleet of Vector instances with a CPU the test sets; null CPU = Prometheus has nothing. */
  public static final class FakeVector implements VectorActivities {
    public volatile Double cpu = 0.5;
    volatile boolean prometheusDown;
    public volatile int instances = 3;
    public final List<ScaleVectorRequest> scaled = new CopyOnWriteArrayList<>();

    @Override
    public VectorPolicy.Sample observeVector(TenantRequest request) {
      if (prometheusDown) {
        throw LogwiseFailures.unavailable("Prometheus at http://prom:9090 cannot be reached", null);
      }
      return new VectorPolicy.Sample(
          System.currentTimeMillis(), cpu, 2e8, 10_000.0, 5.0, instances);
    }

    public final List<VectorDecisionRecord> recorded = new CopyOnWriteArrayList<>();

    @Override
    public void recordVectorDecision(VectorDecisionRecord decision) {
      recorded.add(decision);
    }

    @Override
    public int vectorInstances(TenantRequest request) {
      return instances;
    }

    @Override
    public ScaleOutcome scaleVector(ScaleVectorRequest request) {
      scaled.add(request);
      instances = request.target();
      return new ScaleOutcome(true, instances, null);
    }
  }

  private final FakeVector vector = new FakeVector();
  private TestWorkflowEnvironment testEnv;

  private VectorScalerWorkflow start(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c, VectorScalerInput in) {
    testEnv = e;
    VectorScalerWorkflow wf =
        io.logwise.workflows.Runs.stubOnTestWorker(
            e, w, c, VectorScalerWorkflow.class, WorkflowIds.vectorScaler(in.tenant()), vector);
    WorkflowClient.start(wf::run, in);
    return wf;
  }

  private void minutes(int n) {
    testEnv.sleep(Duration.ofMinutes(n).plusSeconds(1));
  }

  @Test
  void hotForFiveMinutesAddsOneThenWaitsOutTheCooldown(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    vector.cpu = 0.9; // the first minute is looked at on start
    VectorScalerWorkflow wf = start(e, w, c, VectorScalerInput.of("acme", null, false));
    minutes(5);
    assertThat(vector.scaled)
        .singleElement()
        .extracting(VectorActivities.ScaleVectorRequest::target)
        .isEqualTo(4);
    minutes(3);
    assertThat(vector.scaled).as("hot, but in the cooldown").hasSize(1);
    assertThat(wf.state().decisions()).anyMatch(d -> d.why() == Why.COOLDOWN);
    minutes(4);
    assertThat(vector.scaled).as("past the cooldown, still hot: one more").hasSize(2);
    assertThat(vector.instances).isEqualTo(5);
    VectorDecisionRecord up =
        wf.state().decisions().stream()
            .filter(d -> d.why() == Why.CPU_HIGH)
            .findFirst()
            .orElseThrow();
    assertThat(up.outcome()).isEqualTo("instances 4");
    assertThat(up.sample().cpuUtilisation()).isEqualTo(0.9);
    assertThat(vector.recorded).as("every decision stored").containsAll(wf.state().decisions());
  }

  @Test
  void quietForFifteenMinutesRemovesOne(TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    vector.cpu = 0.2;
    VectorScalerWorkflow wf = start(e, w, c, VectorScalerInput.of("acme", null, false));
    minutes(13); // 14 quiet minutes looked at (on start, then each minute)
    assertThat(vector.scaled).isEmpty();
    minutes(2);
    assertThat(vector.scaled)
        .singleElement()
        .extracting(VectorActivities.ScaleVectorRequest::target)
        .isEqualTo(2);
    assertThat(wf.state().window()).hasSizeLessThanOrEqualTo(15);
  }

  @Test
  void minutesWithoutMetricsAreNeitherHighNorLow(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    vector.cpu = 0.95;
    VectorScalerWorkflow wf = start(e, w, c, VectorScalerInput.of("acme", null, false));
    // minutes are looked at on the minute; flags change half-way between, away from any retry
    testEnv.sleep(Duration.ofSeconds(150)); // hot at 0, 1, 2
    vector.prometheusDown = true;
    testEnv.sleep(Duration.ofSeconds(60)); // nothing at 3
    vector.prometheusDown = false;
    testEnv.sleep(Duration.ofSeconds(180)); // hot at 4, 5, 6
    assertThat(vector.scaled)
        .as("the gap broke the streak: 3 + 3 hot minutes are not 5 in a row")
        .isEmpty();
    assertThat(wf.state().decisions())
        .anyMatch(d -> d.reason().contains("had no CPU metrics") || d.why() == Why.NO_METRICS);
    testEnv.sleep(Duration.ofSeconds(120)); // hot at 7, 8: five in a row after the gap
    assertThat(vector.scaled).as("five hot minutes in a row after the gap").hasSize(1);
  }

  @Test
  void dryRunDecidesWithoutActingAndTheRunContinuesAsNewKeepingItsWindow(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    VectorScalerWorkflow wf = start(e, w, c, new VectorScalerInput("acme", null, true, 60, null));
    vector.cpu = 0.9;
    minutes(8);
    assertThat(vector.scaled).isEmpty();
    assertThat(wf.state().decisions())
        .anyMatch(d -> d.outcome().startsWith("dry run: would go from 3 to 4"));
    assertThat(wf.state().minutes()).isGreaterThanOrEqualTo(8);
    long runs =
        c.fetchHistory(WorkflowIds.vectorScaler("acme")).getEvents().stream()
            .filter(ev -> ev.hasWorkflowExecutionStartedEventAttributes())
            .filter(
                ev ->
                    !ev.getWorkflowExecutionStartedEventAttributes()
                        .getContinuedExecutionRunId()
                        .isEmpty())
            .count();
    assertThat(runs).as("continued as new past 60 events").isEqualTo(1);
    assertThat(wf.state().window()).as("the window crossed over").isNotEmpty();
  }
}
