package io.logwise.workflows.spark;

/**
 * What one look at the master saw and did: the result of {@code checkNow} and {@code restart}.
 *
 * @param driver the driver's state ({@code RUNNING}, {@code FAILED}, {@code UNREACHABLE}, …)
 * @param action what the look did
 * @param submissionId our driver after this look, or null
 * @param reason why
 */
public record CheckResult(
    DriverStatus driver, CheckAction action, String submissionId, String reason) {}
