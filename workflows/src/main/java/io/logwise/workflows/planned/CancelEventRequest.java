package io.logwise.workflows.planned;

/** Input of the {@code cancel} update: the event's name, and who cancels it. */
public record CancelEventRequest(String name, String requestedBy) {}
