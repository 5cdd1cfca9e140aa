package io.logwise.activities.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.workflows.LogwiseFailures;
import java.util.Map;
import java.util.TreeMap;

/**
 * Offset maps to and from the JSON the database and Spark use: {@code {"topic":{"0":123}}} (Spark's
 * {@code startingOffsets} shape, partition numbers as keys).
 */
public final class OffsetsJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Map<Integer, Long>>> OFFSETS =
      new TypeReference<>() {};
  private static final TypeReference<Map<String, Long>> PER_TOPIC = new TypeReference<>() {};

  private OffsetsJson() {}

  public static String write(Map<String, ? extends Map<Integer, Long>> offsets) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(offsets));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("offsets always serialise", e);
    }
  }

  public static Map<String, Map<Integer, Long>> read(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, OFFSETS);
    } catch (JsonProcessingException e) {
      throw LogwiseFailures.unavailable(
          "stored offsets are not readable: " + e.getOriginalMessage(), null);
    }
  }

  public static Map<String, Long> readPerTopic(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, PER_TOPIC);
    } catch (JsonProcessingException e) {
      throw LogwiseFailures.unavailable(
          "stored lag is not readable: " + e.getOriginalMessage(), null);
    }
  }
}
