package io.logwise.workflows.scaling;

/**
 * Input of {@link ScalingActivities#scaleFleet}.
 *
 * @param idempotencyKey minted by the workflow; the fleet calls are safe to repeat
 * @param fromWorkers the count the decision started from
 * @param targetWorkers the count to reach
 */
public record ScaleFleetRequest(
    String tenant, String idempotencyKey, int fromWorkers, int targetWorkers) {}
