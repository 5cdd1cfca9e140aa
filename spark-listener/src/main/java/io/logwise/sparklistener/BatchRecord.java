package io.logwise.sparklistener;

import java.util.Locale;

/** One micro-batch, as posted to {@code POST /api/v1/tenants/{t}/batches}. */
record BatchRecord(
    String batchId,
    long inputRecords,
    long outputBytes,
    long submissionTime,
    long completionTime,
    Integer coresUsed,
    String status,
    Long kafkaLag) {

  String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"batchId\":\"%s\",\"inputRecords\":%d,\"outputBytes\":%d,\"submissionTime\":%d,\"completionTime\":%d,"
            + "\"coresUsed\":%s,\"status\":\"%s\",\"kafkaLag\":%s}",
        batchId.replaceAll("[^A-Za-z0-9._:/=-]", "_"),
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed == null ? "null" : coresUsed.toString(),
        status,
        kafkaLag == null ? "null" : kafkaLag.toString());
  }
}
