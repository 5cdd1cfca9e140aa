package io.logwise.workflows.spark;

/**
 * What a cut-over did.
 *
 * @param stoppedSubmissionId the driver stopped on the old cluster, or null
 * @param submissionId the driver now reading the new cluster
 */
public record CutoverResult(
    String migrationId,
    String bootstrapServers,
    String stoppedSubmissionId,
    String submissionId,
    long atMillis) {}
