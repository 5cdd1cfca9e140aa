package io.logwise.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.workflows.Duty;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  private static WorkerSettings of(String... duties) {
    WorkerSettings w = new WorkerSettings();
    w.duties = List.of(duties);
    return w;
  }

  @Test
  void allIsEveryDutyAndAnEntryMayNameSeveral() {
    assertThat(new WorkerSettings().duties()).isEqualTo(EnumSet.allOf(Duty.class));
    assertThat(of("scale, retention").duties()).containsExactly(Duty.SCALE, Duty.RETENTION);
    assertThat(of("KAFKA", "vector").duties()).containsExactly(Duty.KAFKA, Duty.VECTOR);
    assertThat(of("scale").isDutiesKnown()).isTrue();
  }

  @Test
  void anUnknownOrEmptyListIsRefused() {
    assertThat(of("scaling").isDutiesKnown()).isFalse();
    assertThat(of(" ").isDutiesKnown()).isFalse();
    assertThat(of().isDutiesKnown()).isFalse();
  }

  @Test
  void theCacheIsSizedFromTheWorkflowsUnlessSet() {
    WorkerSettings w = new WorkerSettings();
    assertThat(w.cacheSizeFor(100, true)).as("the SDK's 600 at least").isEqualTo(600);
    assertThat(w.cacheSizeFor(5_000, true)).isEqualTo(6_250);
    assertThat(w.workflowThreadsFor(5_000, true)).isEqualTo(6_450);
    w.workflowCacheSize = 1_000;
    assertThat(w.cacheSizeFor(5_000, true)).isEqualTo(1_000);
    assertThat(w.workflowThreadsFor(5_000, true)).isEqualTo(1_200);
    w.maxWorkflowThreads = 900;
    assertThat(w.isThreadsEnoughForTheCache()).isFalse();
  }

  @Test
  void withoutStickyExecutionNothingIsReusedSoTheCacheIsSmallUnlessSet() {
    WorkerSettings w = new WorkerSettings();
    assertThat(w.cacheSizeFor(5_000, false)).isEqualTo(WorkerSettings.NON_STICKY_CACHE);
    assertThat(w.workflowThreadsFor(5_000, false)).isEqualTo(WorkerSettings.NON_STICKY_CACHE + 200);
    w.workflowCacheSize = 700;
    assertThat(w.cacheSizeFor(5_000, false)).as("a set size is kept").isEqualTo(700);
  }

  @Test
  void pollersAreSizedFromTheWorkflowsAQueueCarriesUnlessSet() {
    WorkerSettings w = new WorkerSettings();
    assertThat(w.workflowTaskPollersFor(0)).as("at least 2").isEqualTo(2);
    assertThat(w.workflowTaskPollersFor(1_000)).isEqualTo(4);
    assertThat(w.activityTaskPollersFor(1_001)).isEqualTo(5);
    assertThat(w.workflowTaskPollersFor(50_000)).as("at most 8").isEqualTo(8);
    w.workflowTaskPollers = 12;
    w.activityTaskPollers = 1;
    assertThat(w.workflowTaskPollersFor(10)).isEqualTo(12);
    assertThat(w.activityTaskPollersFor(50_000)).isEqualTo(1);
  }
}
