package io.logwise.store;

import java.time.Instant;

/** A catalog row as discovery needs it, removed ones included. */
public record CatalogRow(
    String serviceName,
    String environment,
    Instant removedAt,
    Instant absentSince,
    int absentSyncs) {}
