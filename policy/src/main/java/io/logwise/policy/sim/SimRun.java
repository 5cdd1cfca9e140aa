package io.logwise.policy.sim;

/**
 * What one policy did with one trace.
 *
 * @param minutesOverSlo minutes (after the warm-up) in which some record produced waited longer
 *     than the SLO
 * @param workerHours instance-hours launched (booting workers cost too)
 * @param actions times the desired worker count changed
 * @param rate records per second per minute (the trace as run)
 * @param workers desired workers at the end of each minute
 * @param maxWaitSeconds longest wait of a record produced in each minute
 */
public record SimRun(
    String trace,
    String policy,
    int minutes,
    int minutesOverSlo,
    double p50FreshnessSeconds,
    double p99FreshnessSeconds,
    double workerHours,
    int actions,
    long batches,
    int[] rate,
    int[] workers,
    int[] maxWaitSeconds) {}
