package io.logwise.policy.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per-partition offset arithmetic for a cluster switch. Offsets are {@code topic → partition →
 * offset}; sorted maps keep every answer (and every JSON made from one) stable.
 */
public final class OffsetMaps {

  /** Spark's {@code startingOffsets} JSON value for "from the earliest offset". */
  public static final long EARLIEST = -2;

  private OffsetMaps() {}

  /**
   * Partitions whose end offset is ahead of what the consumer has read through: {@code topic →
   * partition → records still to read}. A partition that holds nothing (end 0) needs nothing; a
   * partition the consumer never reported counts from 0. Empty when fully drained.
   */
  public static Map<String, Map<Integer, Long>> unread(
      Map<String, Map<Integer, Long>> endOffsets, Map<String, Map<Integer, Long>> consumed) {
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    endOffsets.forEach(
        (topic, parts) ->
            parts.forEach(
                (partition, end) -> {
                  long done = consumed.getOrDefault(topic, Map.of()).getOrDefault(partition, 0L);
                  if (end > done) {
                    out.computeIfAbsent(topic, k -> new TreeMap<>()).put(partition, end - done);
                  }
                }));
    return out;
  }

  /**
   * Like {@link #unread(Map, Map)}, but records below a partition's earliest offset (removed by
   * retention before the consumer read them) cannot be read any more and do not count as unread:
   * waiting for them would wait forever. {@link #expiredUnread} says how many there were.
   */
  public static Map<String, Map<Integer, Long>> unread(
      Map<String, Map<Integer, Long>> endOffsets,
      Map<String, Map<Integer, Long>> consumed,
      Map<String, Map<Integer, Long>> earliest) {
    Map<String, Map<Integer, Long>> readable = new TreeMap<>();
    endOffsets.forEach(
        (topic, parts) ->
            parts.forEach(
                (p, end) -> {
                  long done = consumed.getOrDefault(topic, Map.of()).getOrDefault(p, 0L);
                  long first = earliest.getOrDefault(topic, Map.of()).getOrDefault(p, 0L);
                  readable
                      .computeIfAbsent(topic, k -> new TreeMap<>())
                      .put(p, Math.max(done, first));
                }));
    return unread(endOffsets, readable);
  }

  /** Records a consumer never read because retention removed them first. */
  public static long expiredUnread(
      Map<String, Map<Integer, Long>> consumed, Map<String, Map<Integer, Long>> earliest) {
    long lost = 0;
    for (Map.Entry<String, Map<Integer, Long>> t : earliest.entrySet()) {
      for (Map.Entry<Integer, Long> p : t.getValue().entrySet()) {
        long done = consumed.getOrDefault(t.getKey(), Map.of()).getOrDefault(p.getKey(), 0L);
        lost += Math.max(0, p.getValue() - done);
      }
    }
    return lost;
  }

  /** Σ of every value. */
  public static long total(Map<String, Map<Integer, Long>> offsets) {
    return offsets.values().stream()
        .flatMap(p -> p.values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  /**
   * Where the job starts on the new cluster: the offset recorded for a partition before any
   * producer pointed at the cluster, or {@link #EARLIEST} for a partition that appeared after the
   * recording (a new topic, or a topic grown since). Covers exactly the partitions in {@code
   * current}, because Spark requires specific offsets for every partition it is assigned.
   */
  public static Map<String, Map<Integer, Long>> startingOffsets(
      Map<String, Map<Integer, Long>> recorded, Map<String, Integer> currentPartitions) {
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    currentPartitions.forEach(
        (topic, count) -> {
          Map<Integer, Long> parts = new TreeMap<>();
          for (int p = 0; p < count; p++) {
            parts.put(p, recorded.getOrDefault(topic, Map.of()).getOrDefault(p, EARLIEST));
          }
          out.put(topic, parts);
        });
    return out;
  }

  /**
   * Whether any partition in {@code now} is beyond its offset in {@code baseline} (0 if absent).
   */
  public static boolean movedBeyond(
      Map<String, Map<Integer, Long>> baseline, Map<String, Map<Integer, Long>> now) {
    return now.entrySet().stream()
        .anyMatch(
            t ->
                t.getValue().entrySet().stream()
                    .anyMatch(
                        p ->
                            p.getValue()
                                > baseline
                                    .getOrDefault(t.getKey(), Map.of())
                                    .getOrDefault(p.getKey(), 0L)));
  }
}
