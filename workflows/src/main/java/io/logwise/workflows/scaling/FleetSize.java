package io.logwise.workflows.scaling;

/**
 * The fleet's answer alone.
 *
 * @param kind which fleet
 * @param desired the ASG's desired capacity or the Deployment's replicas; null for {@code none}
 * @param ready InService instances or ready replicas; null when unknown
 */
public record FleetSize(FleetKind kind, Integer desired, Integer ready) {}
