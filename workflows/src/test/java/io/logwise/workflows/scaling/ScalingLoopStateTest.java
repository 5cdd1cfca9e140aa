package io.logwise.workflows.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.logwise.policy.scaling.AdaptiveMemory;
import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.workflows.planned.PlannedFloor;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scaling loop's state transitions, one by one, without a workflow. */
class ScalingLoopStateTest {

  private static final ScalingConfig C = ScalingConfig.REFERENCE;

  private static BatchReport batch(String id, long at) {
    return new BatchReport(id, 100, 10, at, at + 1_000, 4, "OK", 0L, null, null);
  }

  private static ScalingLoopState receivedAll(ScalingLoopState s, int n) {
    for (int i = 0; i < n; i++) {
      s = s.received(batch("b" + i, 60_000L * i));
    }
    return s;
  }

  @Test
  void aReportSentTwiceIsQueuedOnce() {
    ScalingLoopState s = ScalingLoopState.UNSTARTED.received(batch("b1", 0));
    ScalingLoopState again = s.received(batch("b1", 0));

    assertThat(again).isSameAs(s);
    assertThat(again.pendingBatches()).extracting(BatchReport::batchId).containsExactly("b1");
    assertThat(ScalingLoopState.UNSTARTED.received(null)).isSameAs(ScalingLoopState.UNSTARTED);
  }

  @Test
  void aSignalOfManyReportsQueuesEachNewOneOnceInOrder() {
    ScalingLoopState s =
        ScalingLoopState.UNSTARTED
            .received(batch("b1", 0))
            .receivedAll(
                java.util.Arrays.asList(
                    batch("b2", 60_000),
                    null,
                    batch("b1", 0),
                    batch("b3", 120_000),
                    batch("b2", 0)));

    assertThat(s.pendingBatches())
        .extracting(BatchReport::batchId)
        .containsExactly("b1", "b2", "b3");
    assertThat(s.seenBatchIds()).containsExactly("b1", "b2", "b3");
    assertThat(s.receivedAll(List.of(batch("b3", 0)))).as("nothing new").isSameAs(s);
  }

  @Test
  void onlyTheNewestIdsAreRemembered() {
    ScalingLoopState s = receivedAll(ScalingLoopState.UNSTARTED, ScalingLoopState.KEPT_IDS + 3);

    assertThat(s.seenBatchIds()).hasSize(ScalingLoopState.KEPT_IDS).doesNotContain("b0", "b2");
    assertThat(s.seenBatchIds().get(0)).isEqualTo("b3");
    assertThat(s.pendingBatches()).hasSize(ScalingLoopState.KEPT_IDS + 3);
  }

  @Test
  void aShortQueueIsTakenOneBatchAtATime() {
    ScalingLoopState s = receivedAll(ScalingLoopState.UNSTARTED, 3);

    ScalingLoopState.Next next = s.next(C, 10);

    assertThat(next.batch().batchId()).isEqualTo("b0");
    assertThat(next.covered()).isEqualTo(1);
    assertThat(next.state().pendingBatches())
        .extracting(BatchReport::batchId)
        .containsExactly("b1", "b2");
    assertThat(next.state().window()).as("the evaluation adds its own batch").isEmpty();
  }

  @Test
  void aBacklogIsOneEvaluationOfItsNewestBatchWithTheRestFolded() {
    ScalingLoopState s = receivedAll(ScalingLoopState.UNSTARTED, 12);

    ScalingLoopState.Next next = s.next(C, 10);

    assertThat(next.batch().batchId()).isEqualTo("b11");
    assertThat(next.covered()).isEqualTo(12);
    assertThat(next.state().hasPending()).isFalse();
    assertThat(next.state().window())
        .extracting(BatchSample::submissionTime)
        .as("the older eleven, in the window kept")
        .last()
        .isEqualTo(600_000L);
  }

  @Test
  void batchesFoldedAtAHandOverAreCountedByTheNextEvaluation() {
    ScalingLoopState s = receivedAll(ScalingLoopState.UNSTARTED, 7).carrying(C, 5);

    assertThat(s.pendingBatches()).extracting(BatchReport::batchId).startsWith("b2").hasSize(5);
    assertThat(s.foldedBatches()).isEqualTo(2);
    assertThat(s.window()).extracting(BatchSample::submissionTime).containsExactly(0L, 60_000L);

    ScalingLoopState.Next next = s.next(C, 10);
    assertThat(next.covered()).isEqualTo(3);
    assertThat(next.state().foldedBatches()).isZero();
  }

  @Test
  void onlyTheNewestDecisionsAreKept() {
    ScalingLoopState s = ScalingLoopState.UNSTARTED;
    for (int i = 0; i < ScalingLoopState.KEPT_DECISIONS + 2; i++) {
      ScalingDecision d = ScalingDecision.noChange(2, null, ScalingDecision.Why.AT_TARGET, "ok");
      s = s.recorded(DecisionRecord.of("acme", "b" + i, "classic", d, null, 2, "no change", i, 1));
    }

    assertThat(s.decisions()).hasSize(ScalingLoopState.KEPT_DECISIONS);
    assertThat(s.decisions().get(0).batchId()).isEqualTo("b2");
    assertThat(s.decisions().get(0).decisionKey()).isEqualTo("acme/b2");
  }

  @Test
  void aRunContinuedKeepsWhatWasSignalledBeforeItReadItsInput() {
    PlannedFloor carriedFloor = new PlannedFloor(4, 100, 1_000, List.of("old"));
    ScalingLoopState carried =
        new ScalingLoopState(
            "acme",
            null,
            null,
            new OverrideState("acme", false, null),
            List.of("c1"),
            5,
            9,
            7,
            null,
            List.of(batch("c1", 0)),
            2,
            carriedFloor,
            null,
            null);

    ScalingLoopState early =
        ScalingLoopState.UNSTARTED.received(batch("n1", 120_000)).continuedFrom("acme", carried);

    assertThat(early.tenant()).isEqualTo("acme");
    assertThat(early.pendingBatches()).extracting(BatchReport::batchId).containsExactly("n1", "c1");
    assertThat(early.seenBatchIds()).containsExactly("n1", "c1");
    assertThat(early.evaluations()).isEqualTo(9);
    assertThat(early.foldedBatches()).isEqualTo(2);
    assertThat(early.lastScaleUpAtMillis()).isEqualTo(5);
    assertThat(early.override().enableUpScale()).isFalse();
    assertThat(early.plannedFloor()).as("none sent: the carried one").isEqualTo(carriedFloor);

    PlannedFloor sent = new PlannedFloor(6, 200, 2_000, List.of("launch"));
    ScalingLoopState withFloor =
        ScalingLoopState.UNSTARTED.withFloor(sent).continuedFrom("acme", carried);
    assertThat(withFloor.plannedFloor()).as("sent now: replaces the carried one").isEqualTo(sent);
  }

  @Test
  void aFreshRunStartsWithTheStoredOverrideAndTheBatchesAlreadyQueued() {
    ScalingLoopState s =
        receivedAll(ScalingLoopState.UNSTARTED, 2)
            .started("acme", new OverrideState("acme", null, false))
            .counted();

    assertThat(s.tenant()).isEqualTo("acme");
    assertThat(s.override().enableDownScale()).isFalse();
    assertThat(s.pendingBatches()).hasSize(2);
    assertThat(s.evaluations()).isEqualTo(1);
    assertThat(s.counted().evaluations()).isEqualTo(2);
    assertThat(s.evaluations()).as("a transition leaves the state it started from").isEqualTo(1);
  }

  /**
   * The adaptive policy's memory crosses continue-as-new in the state: revision 9's busy time goes
   * with its rate, revision 11's surge with its time, and a memory written before revision 9 (no
   * busy time, no surge) reads back with none.
   */
  @Test
  void theAdaptiveMemoryKeepsTheBusyTimeBehindItsRateAcrossTheConverter() {
    var converter = DefaultDataConverter.newDefaultInstance();
    var memory = new AdaptiveMemory(List.of(), null, null, 0, 9.4, 24.0, 1_700_000_000_000L);
    var back =
        converter.fromPayload(
            converter.toPayload(memory).orElseThrow(), AdaptiveMemory.class, AdaptiveMemory.class);
    assertThat(back).isEqualTo(memory);

    var before =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(
                ByteString.copyFromUtf8(
                    "{\"asks\":[],\"lastUpscale\":null,\"ineffectiveCap\":null,"
                        + "\"ineffectiveUntilMillis\":0,\"measuredPerCore\":3.1}"))
            .build();
    var old = converter.fromPayload(before, AdaptiveMemory.class, AdaptiveMemory.class);
    assertThat(old.measuredPerCore()).isEqualTo(3.1);
    assertThat(old.measuredBusySeconds()).isNull();
    assertThat(old.surgedAtMillis()).isNull();
  }
}
