package io.logwise.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DutyTest {

  @Test
  void everyLongRunningWorkflowAndMigrationHasADutyAndItsQueue() {
    assertThat(WorkflowIds.longRunning("acme", true, true, true))
        .extracting(id -> Duty.ofWorkflow(id).queue("logwise"))
        .containsExactly(
            "logwise-supervise",
            "logwise-scale",
            "logwise-retention",
            "logwise-scale",
            "logwise-kafka",
            "logwise-vector");
    assertThat(Duty.ofWorkflow(WorkflowIds.kafkaMigration("acme", "m1"))).isEqualTo(Duty.KAFKA);
    assertThatThrownBy(() -> Duty.ofWorkflow("nothing/acme"))
        .hasMessage("no duty runs nothing/acme");
    assertThatThrownBy(() -> Duty.named("scaling"))
        .hasMessage(
            "unknown duty 'scaling'; duties are: supervise, scale, retention, kafka, vector");
  }
}
