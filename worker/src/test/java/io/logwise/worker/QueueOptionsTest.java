package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.TenantConfig;
import io.temporal.worker.WorkerOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueOptionsTest {

  private static LogwiseConfiguration tenants(int n, String... duties) {
    LogwiseConfiguration config = new LogwiseConfiguration();
    for (int i = 0; i < n; i++) {
      config.getTenants().add(new TenantConfig().setName(String.format("t%04d", i)));
    }
    if (duties.length > 0) {
      config.getWorker().duties = List.of(duties);
    }
    return config;
  }

  @Test
  void eachQueueGetsPollersForTheWorkflowsItCanCarry() {
    Map<String, WorkerOptions> o = QueueOptionsTest.optionsOf(tenants(1_000));
    // 1,000 tenants: one supervisor each (250 per poller); Vector scaling is off by default
    assertThat(o.get("logwise-supervise").getMaxConcurrentWorkflowTaskPollers()).isEqualTo(4);
    assertThat(o.get("logwise-supervise").getMaxConcurrentActivityTaskPollers()).isEqualTo(4);
    assertThat(o.get("logwise-scale").getMaxConcurrentWorkflowTaskPollers())
        .as("scaling loop and planned events: 2,000 workflows")
        .isEqualTo(8);
    assertThat(o.get("logwise-kafka").getMaxConcurrentWorkflowTaskPollers()).isEqualTo(4);
    assertThat(o.get("logwise-vector").getMaxConcurrentWorkflowTaskPollers())
        .as("no workflow: still 2")
        .isEqualTo(2);
    assertThat(o.get("logwise").getMaxConcurrentWorkflowTaskPollers())
        .as("the base queue can carry any of them, at most 8")
        .isEqualTo(8);
    assertThat(o.keySet())
        .containsExactly(
            "logwise-supervise",
            "logwise-scale",
            "logwise-retention",
            "logwise-kafka",
            "logwise-vector",
            "logwise");
  }

  @Test
  void aWorkerOfSomeDutiesPollsOnlyTheirQueuesAndSetPollersWin() {
    LogwiseConfiguration config = tenants(10, "retention");
    config.getWorker().workflowTaskPollers = 6;
    config.getWorker().activityTaskPollers = 3;
    Map<String, WorkerOptions> o = optionsOf(config);
    assertThat(o.keySet()).containsExactly("logwise-retention", "logwise");
    assertThat(o.values())
        .allSatisfy(w -> assertThat(w.getMaxConcurrentWorkflowTaskPollers()).isEqualTo(6));
    assertThat(o.values())
        .allSatisfy(w -> assertThat(w.getMaxConcurrentActivityTaskPollers()).isEqualTo(3));
  }

  private static Map<String, WorkerOptions> optionsOf(LogwiseConfiguration config) {
    return LogwiseWorker.queueOptions(config);
  }
}
