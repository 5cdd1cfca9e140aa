package io.logwise.api.workflows;

import io.logwise.workflows.retention.RetentionActivities.SweepResult;
import io.logwise.workflows.retention.SyncResult;
import java.util.Optional;
import java.util.UUID;

/**
 * The operations an API call can hand over to be followed, named by the prefix of their update id
 * so that following one needs nothing but the id.
 */
public enum Operations {
  /** {@code POST …/services:sync}: the {@code syncNow} update. */
  SYNC("sync-", SyncResult.class),
  /** {@code GET …/retention/sweep-plan}: the {@code planSweep} update. */
  SWEEP_PLAN("sweep-plan-", SweepResult.class);

  private final String prefix;
  private final Class<?> resultType;

  Operations(String prefix, Class<?> resultType) {
    this.prefix = prefix;
    this.resultType = resultType;
  }

  /** A new update id for this operation. */
  public String newId() {
    return prefix + UUID.randomUUID();
  }

  public Class<?> resultType() {
    return resultType;
  }

  /** The operation an id names; empty for an id this API did not hand out. */
  public static Optional<Operations> of(String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (Operations o : values()) {
      if (id.startsWith(o.prefix) && isUuid(id.substring(o.prefix.length()))) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  private static boolean isUuid(String s) {
    try {
      return UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
