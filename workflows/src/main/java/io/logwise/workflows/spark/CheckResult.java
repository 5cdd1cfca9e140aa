package io.logwise.workflows.spark;

/**
 * What one look at the master saw and did.
 *
 * @param driver the driver's state ({@code RUNNING}, {@code FAILED}, {@code UNREACHABLE}, …)
 * @param action {@code none}, {@code waiting}, {@code submitted}, {@code adopted}, {@code
 *     restarted}, {@code stopped} or {@code unreachable}
 * @param submissionId our driver after this look, or null
 * @param reason why
 */
public record CheckResult(String driver, String action, String submissionId, String reason) {}
