package io.logwise.store;

/** One worker process: its base task queue, its duties (comma-separated), when it was last seen. */
public record WorkerHeartbeatRow(
    String workerId, String taskQueue, String duties, long startedAtMs, long seenAtMs) {}
