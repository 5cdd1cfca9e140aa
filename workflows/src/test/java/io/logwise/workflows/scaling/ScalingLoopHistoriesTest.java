package io.logwise.workflows.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the recorded scaling-loop histories hold, so that {@code ReplayTest} replaying them walks
 * the paths they were recorded for.
 */
class ScalingLoopHistoriesTest {

  @Test
  void v15DecidesRevisionSixsReleaseUnderItsVersionMarker() throws Exception {
    WorkflowExecutionHistory v15 =
        WorkflowExecutionHistory.fromJson(
            Files.readString(
                Path.of(
                    ScalingLoopHistoriesTest.class
                        .getResource("/histories/scaling-loop-v15.json")
                        .toURI())));

    assertThat(ScalingLoopHistoryRecorder.scheduledInputs(v15))
        .contains("\"action\":\"DOWNSCALE\"")
        .contains(ScalingLoopHistoryRecorder.RELEASED);
    assertThat(v15.getEvents())
        .filteredOn(e -> e.hasMarkerRecordedEventAttributes())
        .anySatisfy(
            e ->
                assertThat(
                        e.getMarkerRecordedEventAttributes()
                            .getDetailsMap()
                            .get("changeId")
                            .getPayloads(0)
                            .getData()
                            .toStringUtf8())
                    .isEqualTo("\"adaptive-slo-rules\""));
    assertThat(v15.getEvents()).hasSizeLessThan(4_000);
  }
}
