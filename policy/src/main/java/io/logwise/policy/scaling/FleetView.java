package io.logwise.policy.scaling;

/**
 * The fleet as observed before a decision.
 *
 * @param desired the ASG's desired capacity or the Deployment's replicas; null without a fleet
 * @param alive workers registered with the Spark master
 * @param ready InService instances or ready replicas; null when unknown
 */
public record FleetView(Integer desired, int alive, Integer ready) {}
