package io.logwise.policy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetMapsTest {

  @Test
  void unreadListsOnlyPartitionsAheadOfTheConsumer() {
    Map<String, Map<Integer, Long>> end =
        Map.of("logs.a", Map.of(0, 10L, 1, 5L, 2, 0L), "logs.b", Map.of(0, 7L));
    Map<String, Map<Integer, Long>> consumed = Map.of("logs.a", Map.of(0, 10L, 1, 3L));
    Map<String, Map<Integer, Long>> unread = OffsetMaps.unread(end, consumed);
    assertThat(unread).isEqualTo(Map.of("logs.a", Map.of(1, 2L), "logs.b", Map.of(0, 7L)));
    assertThat(OffsetMaps.total(unread)).isEqualTo(9);
    assertThat(
            OffsetMaps.unread(
                end, Map.of("logs.a", Map.of(0, 10L, 1, 5L), "logs.b", Map.of(0, 9L))))
        .isEmpty();
  }

  @Test
  void startingOffsetsUseTheRecordingAndEarliestForWhatAppearedLater() {
    Map<String, Map<Integer, Long>> recorded = Map.of("logs.a", Map.of(0, 100L, 1, 200L));
    Map<String, Map<Integer, Long>> start =
        OffsetMaps.startingOffsets(recorded, Map.of("logs.a", 3, "logs.new", 2));
    assertThat(start)
        .isEqualTo(
            Map.of(
                "logs.a", Map.of(0, 100L, 1, 200L, 2, OffsetMaps.EARLIEST),
                "logs.new", Map.of(0, OffsetMaps.EARLIEST, 1, OffsetMaps.EARLIEST)));
  }

  @Test
  void movedBeyondSeesAnyPartitionPastItsBaseline() {
    Map<String, Map<Integer, Long>> base = Map.of("logs.a", Map.of(0, 100L));
    assertThat(OffsetMaps.movedBeyond(base, Map.of("logs.a", Map.of(0, 100L)))).isFalse();
    assertThat(OffsetMaps.movedBeyond(base, Map.of("logs.a", Map.of(0, 101L)))).isTrue();
    assertThat(OffsetMaps.movedBeyond(base, Map.of("logs.z", Map.of(0, 1L)))).isTrue();
    assertThat(OffsetMaps.movedBeyond(base, Map.of("logs.z", Map.of(0, 0L)))).isFalse();
  }

  @Test
  void recordsRetentionRemovedBeforeTheyWereReadAreNotWaitedFor() {
    Map<String, Map<Integer, Long>> end = Map.of("logs.a", Map.of(0, 100L, 1, 50L));
    Map<String, Map<Integer, Long>> consumed = Map.of("logs.a", Map.of(0, 40L, 1, 50L));
    Map<String, Map<Integer, Long>> earliest = Map.of("logs.a", Map.of(0, 60L, 1, 0L));
    assertThat(OffsetMaps.unread(end, consumed, earliest))
        .isEqualTo(Map.of("logs.a", Map.of(0, 40L)));
    assertThat(OffsetMaps.expiredUnread(consumed, earliest)).isEqualTo(20);
    assertThat(
            OffsetMaps.unread(
                end, Map.of("logs.a", Map.of(0, 100L)), Map.of("logs.a", Map.of(1, 50L))))
        .as("an emptied partition needs nothing")
        .isEmpty();
  }
}
