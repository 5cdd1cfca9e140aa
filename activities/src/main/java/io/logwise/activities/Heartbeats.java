package io.logwise.activities;

import io.temporal.activity.Activity;

/** Heartbeats from inside an activity; a no-op when the code runs outside one (tests, tools). */
public final class Heartbeats {

  private Heartbeats() {}

  public static void beat(Object details) {
    try {
      Activity.getExecutionContext().heartbeat(details);
    } catch (IllegalStateException notInActivity) {
      // called directly
    }
  }
}
