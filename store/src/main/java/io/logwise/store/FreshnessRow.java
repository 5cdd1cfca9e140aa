package io.logwise.store;

/**
 * The latest freshness of one service.
 *
 * @param newest the newest partition found, {@code YYYY-MM-DDTHH:MM} UTC, or null
 */
public record FreshnessRow(
    String serviceName, String environment, int delayMinutes, String newest, long measuredAtMs) {}
