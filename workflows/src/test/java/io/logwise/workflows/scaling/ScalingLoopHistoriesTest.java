package io.logwise.workflows.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the recorded scaling-loop histories hold, so that {@code ReplayTest} replaying them walks
 * the paths they were recorded for.
 */
class ScalingLoopHistoriesTest {

  /**
   * v15 to v19 release a fleet twice the need, under the marker of the revision they ran and
   * without the next revision's (none for the newest).
   */
  @ParameterizedTest
  @CsvSource({
    "scaling-loop-v15.json, adaptive-slo-rules, adaptive-changed-cores",
    "scaling-loop-v16.json, adaptive-changed-cores, adaptive-granted-cores",
    "scaling-loop-v17.json, adaptive-granted-cores, adaptive-overhead-jitter",
    "scaling-loop-v18.json, adaptive-overhead-jitter, adaptive-overdue-look",
    "scaling-loop-v19.json, adaptive-overdue-look, adaptive-fall-rules"
  })
  void theReleaseHistoriesDecideTheReleaseUnderTheirRevisionsMarker(
      String name, String newest, String next) throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            Files.readString(
                Path.of(ScalingLoopHistoriesTest.class.getResource("/histories/" + name).toURI())));

    assertThat(ScalingLoopHistoryRecorder.scheduledInputs(history))
        .contains("\"action\":\"DOWNSCALE\"")
        .contains(ScalingLoopHistoryRecorder.RELEASED);
    List<String> markers = markers(history);
    assertThat(markers).contains("\"adaptive-slo-rules\"", "\"" + newest + "\"");
    if (next != null) { // a row of the newest revision leaves it empty
      assertThat(markers).doesNotContain("\"" + next + "\"");
    }
    assertThat(history.getEvents()).hasSizeLessThan(4_000);
  }

  /**
   * v23 holds revision 11: the surge's fleet held through its plateau, then released in one step
   * once the fall levelled, under adaptive-fall-rules; the runs recorded before it have no such
   * marker.
   */
  @Test
  void theFallHistoryHeldTheSurgesFleetAndReleasedItInOneStep() throws Exception {
    WorkflowExecutionHistory history = read("scaling-loop-v23.json");
    String inputs = ScalingLoopHistoryRecorder.scheduledInputs(history);
    assertThat(inputs)
        .contains(ScalingLoopHistoryRecorder.SURGE_HELD)
        .contains("\"why\":\"SURGE_FLEET_HELD\"")
        // the whole surge's fleet in one step, and no other scale-down
        .contains("workers 28→2, ")
        .contains(ScalingLoopHistoryRecorder.FELL);
    assertThat(inputs.split("\"action\":\"DOWNSCALE\"", -1)).hasSize(2);
    assertThat(markers(history)).contains("\"adaptive-fall-rules\"");
    assertThat(history.getEvents()).hasSizeLessThan(4_000);
  }

  private static WorkflowExecutionHistory read(String name) throws Exception {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(
            Path.of(ScalingLoopHistoriesTest.class.getResource("/histories/" + name).toURI())));
  }

  /**
   * v20 holds revision 10's look between reports: looks cancelled when a report came first, and one
   * that fired, read Kafka and scaled up under its own id.
   */
  @Test
  void theLookHistoryReadKafkaWhileAReportWasOverdueAndScaledUp() throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            Files.readString(
                Path.of(
                    ScalingLoopHistoriesTest.class
                        .getResource("/histories/scaling-loop-v20.json")
                        .toURI())));
    String inputs = ScalingLoopHistoryRecorder.scheduledInputs(history);
    assertThat(inputs)
        .contains(ScalingLoopHistoryRecorder.LOOKED)
        .contains("\"batchId\":\"overdue@")
        .contains("\"action\":\"UPSCALE\"");
    assertThat(history.getEvents())
        .anyMatch(
            e ->
                e.hasActivityTaskScheduledEventAttributes()
                    && e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("ReadLatestOffsets"))
        .anyMatch(e -> e.hasTimerFiredEventAttributes())
        .anyMatch(e -> e.hasTimerCanceledEventAttributes());
    assertThat(history.getEvents()).hasSizeLessThan(4_000);
  }

  /**
   * v21 holds a Kafka migration: a look after the switch that compared nothing, the supervisor's
   * signal that emptied the window, and the new cluster's reports decided on alone.
   */
  @Test
  void theMigrationHistoryComparedNoOffsetsAcrossTheSwitch() throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            Files.readString(
                Path.of(
                    ScalingLoopHistoriesTest.class
                        .getResource("/histories/scaling-loop-v21.json")
                        .toURI())));
    assertThat(markers(history))
        .contains(
            "\"" + ScalingLoopWorkflowImpl.LOOK_AFTER_SWITCH + "\"",
            "\"kafka-switch-clears-window\"");
    assertThat(history.getEvents())
        .anyMatch(
            e ->
                e.hasWorkflowExecutionSignaledEventAttributes()
                    && e.getWorkflowExecutionSignaledEventAttributes()
                        .getSignalName()
                        .equals("kafkaSwitched"));
    String inputs = ScalingLoopHistoryRecorder.scheduledInputs(history);
    assertThat(inputs).contains("\"batchId\":\"new-3\"").doesNotContain("\"UPSCALE\"");
    assertThat(inputs).doesNotContain("\"batchId\":\"overdue@");
    assertThat(history.getLastEvent().hasWorkflowExecutionContinuedAsNewEventAttributes()).isTrue();
    // v22, the run after it, starts from a carried state that holds the switch and its old run
    WorkflowExecutionHistory next =
        WorkflowExecutionHistory.fromJson(
            Files.readString(
                Path.of(
                    ScalingLoopHistoriesTest.class
                        .getResource("/histories/scaling-loop-v22.json")
                        .toURI())));
    assertThat(
            next.getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getInput()
                .getPayloads(0)
                .getData()
                .toStringUtf8())
        .contains("\"kafkaSwitch\":{\"atMillis\":")
        .contains("\"oldRuns\":[\"old\"]");
    // and this code reads it back: a renamed component would lose the switch without failing
    // the replay (the late old report v22 holds changes no command whether kept out or not)
    ScalingLoopInput input =
        io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
            0,
            java.util.Optional.of(
                next.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput()),
            ScalingLoopInput.class,
            ScalingLoopInput.class);
    assertThat(input.carriedOver().kafkaSwitch().oldRuns()).containsExactly("old");
    assertThat(input.carriedOver().window())
        .extracting(io.logwise.policy.scaling.BatchSample::runId)
        .doesNotContain("old");
  }

  private static List<String> markers(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.hasMarkerRecordedEventAttributes())
        .map(
            e ->
                e.getMarkerRecordedEventAttributes()
                    .getDetailsMap()
                    .get("changeId")
                    .getPayloads(0)
                    .getData()
                    .toStringUtf8())
        .toList();
  }
}
