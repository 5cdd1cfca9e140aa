package io.logwise.workflows.planned;

/**
 * Input of the {@code plan} update: {@code temporal workflow update execute --workflow-id
 * planned-events/acme --name plan --input
 * '{"name":"black-friday","startsAt":"2026-11-27T08:00:00Z","endsAt":"2026-11-28T00:00:00Z","expectedPeakLogsPerSecond":120000}'}.
 *
 * @param startsAt ISO-8601 instant, e.g. {@code 2026-11-27T08:00:00Z}
 * @param endsAt ISO-8601 instant, after {@code startsAt}, at most 7 days later
 * @param requestedBy who planned it (the API fills in the caller)
 */
public record PlannedEventRequest(
    String name,
    String startsAt,
    String endsAt,
    Long expectedPeakLogsPerSecond,
    String requestedBy) {}
