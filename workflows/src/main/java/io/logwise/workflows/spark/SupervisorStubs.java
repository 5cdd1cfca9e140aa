package io.logwise.workflows.spark;

import io.logwise.workflows.ActivityStubs;
import java.time.Duration;
import java.util.Map;

/** The supervisor's activity stubs: one per interface, options per method. */
final class SupervisorStubs {

  private SupervisorStubs() {}

  static SparkDriverActivities master() {
    return ActivityStubs.of(
        SparkDriverActivities.class,
        ActivityStubs.options(Duration.ofSeconds(20), null, 3, "observe master"),
        Map.of(
            "SubmitDriver",
            ActivityStubs.options(Duration.ofSeconds(60), null, 5, "submit driver"),
            "KillDriver",
            ActivityStubs.options(Duration.ofMinutes(3), Duration.ofSeconds(20), 5, "kill driver"),
            "AwaitDriverGone",
            ActivityStubs.options(
                Duration.ofMinutes(3), Duration.ofSeconds(20), 5, "wait for the driver to go")));
  }

  static StreamingStateActivities streamingState() {
    return ActivityStubs.of(
        StreamingStateActivities.class,
        ActivityStubs.options(
            Duration.ofMinutes(30), Duration.ofMinutes(1), 10, "back up and clear streaming state"),
        Map.of());
  }

  static SupervisionRecords records() {
    return ActivityStubs.of(
        SupervisionRecords.class,
        ActivityStubs.options(Duration.ofSeconds(30), null, 10, "record"),
        Map.of());
  }
}
