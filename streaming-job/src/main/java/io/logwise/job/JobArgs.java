package io.logwise.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's arguments as the supervisor sends them: {@code key=value} strings (the reference's
 * contract, §3.4). Required: {@code kafka.bootstrap.servers} and {@code s3.bucket}. A value quoted
 * by an older sender ({@code kafka.subscribePattern="^logs.*"}) is unquoted. Keys the job does not
 * use ({@code kafka.cluster.dns}, {@code spark.master.host}) are accepted and ignored.
 *
 * @param startingOffsets {@code latest}, {@code earliest} or a per-partition JSON (a migration's)
 * @param startingTimestamp epoch millis to start every partition from (a replay), or null
 */
public record JobArgs(
    String bootstrapServers,
    String subscribePattern,
    String startingOffsets,
    Long startingTimestamp,
    String bucket,
    String orchestratorUrl) {

  /** Parses the arguments, naming every one at fault in one message. */
  public static JobArgs parse(String[] args) {
    Map<String, String> kv = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        problems.add("'" + a + "' is not key=value");
        continue;
      }
      kv.put(a.substring(0, eq).trim(), unquote(a.substring(eq + 1).trim()));
    }
    String bootstrap = kv.get("kafka.bootstrap.servers");
    String bucket = kv.get("s3.bucket");
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add("kafka.bootstrap.servers is required");
    }
    if (bucket == null || bucket.isBlank()) {
      problems.add("s3.bucket is required");
    }
    Long timestamp = null;
    String ts = kv.get("kafka.startingOffsetsTimestamp");
    if (ts != null && !ts.isBlank()) {
      try {
        long t = Long.parseLong(ts);
        // 0 is the reference's "no timestamp"
        timestamp = t > 0 ? t : null;
      } catch (NumberFormatException e) {
        problems.add("kafka.startingOffsetsTimestamp must be epoch milliseconds, was '" + ts + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bad job arguments: " + String.join("; ", problems));
    }
    String url = kv.get("logCentral.orchestrator.url");
    return new JobArgs(
        bootstrap,
        kv.getOrDefault("kafka.subscribePattern", "^logs.*"),
        kv.getOrDefault("kafka.startingOffsets", "latest"),
        timestamp,
        bucket,
        url == null || url.isBlank() || "null".equals(url) ? null : url);
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }
}
