package io.logwise.policy.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSampleTest {

  private static final BatchSample B = new BatchSample(10, 0, 1_000, 2_000, 2, "succeeded");

  @Test
  void theRunAndNumberAreReadFromTheListenersId() {
    BatchSample b = B.withRunOf("0b9e6f1c-3c2d-4a5e-9f00-1d2e3f4a5b6c-42");
    assertThat(b.runId()).isEqualTo("0b9e6f1c-3c2d-4a5e-9f00-1d2e3f4a5b6c");
    assertThat(b.queryBatch()).isEqualTo(42L);
    assertThat(b.inputRecords()).isEqualTo(10);
  }

  @Test
  void anIdOfAnotherShapeLeavesBothUnknown() {
    for (String id :
        new String[] {null, "b7", "run-", "-5", "run-x1", "run-12345678901234567890", "a-1-b"}) {
      BatchSample b = B.withRunOf(id);
      assertThat(b.runId()).as(id).isNull();
      assertThat(b.queryBatch()).as(id).isNull();
    }
  }

  @Test
  void aRunsFirstBatchIsTheQuerysFirstOrOneAfterAnotherRun() {
    BatchSample a5 = B.withRunOf("a-5");
    assertThat(B.withRunOf("a-0").firstOfRun(null)).isTrue();
    assertThat(a5.firstOfRun(null)).as("no batch before it is known").isFalse();
    assertThat(B.withRunOf("a-6").firstOfRun(a5)).isFalse();
    assertThat(B.withRunOf("b-6").firstOfRun(a5)).isTrue();
    assertThat(B.withRunOf("b-6").firstOfRun(B)).as("the one before has no run").isFalse();
    assertThat(B.firstOfRun(a5)).as("this one has no run").isFalse();
  }

  @Test
  void theGrantIsKeptAlongsideTheReportAndAReportAboveItIsToldApart() {
    BatchSample stale = B.withGrantedCores(1);
    assertThat(stale.coresUsed()).as("the listener's report is kept").isEqualTo(2);
    assertThat(stale.grantedCores()).isEqualTo(1);
    assertThat(stale.reportsCoresNotGranted()).isTrue();
    assertThat(stale.withRunOf("a-7").grantedCores()).as("kept with the run").isEqualTo(1);
    assertThat(B.withGrantedCores(2).reportsCoresNotGranted()).isFalse();
    assertThat(B.withGrantedCores(5).reportsCoresNotGranted())
        .as("executors granted but not yet registered with the driver")
        .isFalse();
    assertThat(B.reportsCoresNotGranted()).as("no grant known").isFalse();
    assertThat(new BatchSample(10, 0, 1_000, 2_000, null, "succeeded").withGrantedCores(1))
        .extracting(BatchSample::reportsCoresNotGranted)
        .as("no cores reported")
        .isEqualTo(false);
  }
}
