package io.logwise.workflows.scaling;

/**
 * Input of {@link ScalingActivities#scaleFleet}.
 *
 * @param idempotencyKey minted by the workflow; the fleet calls are safe to repeat
 * @param fromWorkers the count the decision started from
 * @param targetWorkers the count to reach
 * @param master what the master looked like when deciding (the driver to protect, the workers a
 *     scale-down may remove); null from runs before version 1 of {@code one-question-per-activity},
 *     which the activity answers by reading the master itself
 */
public record ScaleFleetRequest(
    String tenant, String idempotencyKey, int fromWorkers, int targetWorkers, MasterView master) {}
