package io.logwise.workflows.scaling;

/** What the fleet did: the new desired size and, in words, anything not done and why. */
public record ScaleOutcome(boolean changed, Integer desired, String message) {}
