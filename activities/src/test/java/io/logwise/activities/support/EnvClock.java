package io.logwise.activities.support;

import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that reads a time-skipping test environment's time, so activities and timers agree. */
public final class EnvClock extends Clock {

  private final TestWorkflowEnvironment env;

  public EnvClock(TestWorkflowEnvironment env) {
    this.env = env;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
