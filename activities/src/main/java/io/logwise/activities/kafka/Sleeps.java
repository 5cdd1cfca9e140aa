package io.logwise.activities.kafka;

import io.logwise.workflows.LogwiseFailures;
import java.time.Duration;

/** Sleeping inside a polling activity: an interrupt ends the attempt (it is retried). */
final class Sleeps {

  private Sleeps() {}

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LogwiseFailures.unavailable("interrupted", e);
    }
  }
}
