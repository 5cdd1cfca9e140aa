package io.logwise.sparklistener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.streaming.SourceProgress;

/**
 * Where a micro-batch left the job in Kafka, from its sources' progress: the end offset of every
 * partition it read through (what a cluster migration waits for before switching), and per topic
 * how far behind the latest offsets that is (what partition growth sizes by). Spark commits no
 * consumer-group offsets, so this is the only place lag can come from.
 */
record KafkaPositions(Map<String, Map<String, Long>> endOffsets, Map<String, Long> topicLag) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static KafkaPositions of(Iterable<SourceProgress> sources) {
    Map<String, Map<String, Long>> ends = new TreeMap<>();
    Map<String, Long> lag = new TreeMap<>();
    for (SourceProgress s : sources) {
      Map<String, Map<String, Long>> end = offsets(s.endOffset());
      Map<String, Map<String, Long>> latest = offsets(s.latestOffset());
      if (end == null) {
        continue; // not a Kafka source
      }
      end.forEach(
          (topic, parts) -> ends.computeIfAbsent(topic, k -> new TreeMap<>()).putAll(parts));
      if (latest != null) {
        latest.forEach(
            (topic, parts) ->
                parts.forEach(
                    (p, l) -> {
                      long done = end.getOrDefault(topic, Map.of()).getOrDefault(p, 0L);
                      lag.merge(topic, Math.max(0, l - done), Long::sum);
                    }));
      }
    }
    return new KafkaPositions(ends, lag);
  }

  /** Σ of the per-topic lag, or null when no Kafka source reported its latest offsets. */
  Long totalLag() {
    return topicLag.isEmpty() ? null : topicLag.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code {"topic":{"0":12}}} as Kafka sources write it; null for anything else. */
  static Map<String, Map<String, Long>> offsets(String json) {
    if (json == null || !json.trim().startsWith("{")) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(json);
      Map<String, Map<String, Long>> out = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
        Map.Entry<String, JsonNode> topic = topics.next();
        if (!topic.getValue().isObject()) {
          return null;
        }
        Map<String, Long> parts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> ps = topic.getValue().fields(); ps.hasNext(); ) {
          Map.Entry<String, JsonNode> p = ps.next();
          if (!p.getValue().isNumber()) {
            return null; // not a Kafka offset map
          }
          parts.put(p.getKey(), p.getValue().asLong());
        }
        out.put(topic.getKey(), parts);
      }
      return out;
    } catch (Exception e) {
      return null;
    }
  }
}
