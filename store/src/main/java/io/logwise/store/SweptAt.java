package io.logwise.store;

/** When the expiry sweep last checked a catalog service to the end; null: never. */
public record SweptAt(String serviceName, String environment, Long sweptAtMs) {}
