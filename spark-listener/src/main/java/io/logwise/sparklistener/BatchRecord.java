package io.logwise.sparklistener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** One micro-batch, as posted to {@code POST /api/v1/tenants/{t}/batches}. */
record BatchRecord(
    String batchId,
    long inputRecords,
    long outputBytes,
    long submissionTime,
    long completionTime,
    Integer coresUsed,
    String status,
    Long kafkaLag,
    Map<String, Map<String, Long>> endOffsets,
    Map<String, Long> topicLag) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The same batch with another per-topic lag, and its sum as the Kafka lag. */
  BatchRecord withTopicLag(Map<String, Long> lag) {
    return new BatchRecord(
        batchId,
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        lag.values().stream().mapToLong(Long::longValue).sum(),
        endOffsets,
        lag);
  }

  String toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("batchId", batchId.replaceAll("[^A-Za-z0-9._:/=-]", "_"));
    body.put("inputRecords", inputRecords);
    body.put("outputBytes", outputBytes);
    body.put("submissionTime", submissionTime);
    body.put("completionTime", completionTime);
    body.put("coresUsed", coresUsed);
    body.put("status", status);
    body.put("kafkaLag", kafkaLag);
    if (endOffsets != null && !endOffsets.isEmpty()) {
      body.put("endOffsets", endOffsets);
    }
    if (topicLag != null && !topicLag.isEmpty()) {
      body.put("topicLag", topicLag);
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a batch record always serialises", e);
    }
  }
}
