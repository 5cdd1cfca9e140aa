package io.logwise.store;

import java.time.Instant;

/**
 * One row of {@code service_details}.
 *
 * @param environment {@code ""} when the service has no environment level
 * @param retentionSource where {@code retentionDays} came from: {@code default}, {@code
 *     environment} or {@code override}
 */
public record ServiceDetail(
    String tenant,
    String serviceName,
    String environment,
    int retentionDays,
    String retentionSource,
    Instant firstSeenAt,
    Instant lastSeenAt) {}
